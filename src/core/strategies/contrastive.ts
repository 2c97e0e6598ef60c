import { type DecodeContext, noContinuation } from '../decode-context'
import { type Candidates, sortedCandidates } from '../distribution'
import { DecodeError, InputError, throwIfAborted } from '../errors'
import { vocabularyDifference } from '../shared-vocabulary'
import type { Distribution, LanguageModel, TokenId } from '../types'
import { compareTokens } from './hypothesis-order'
import { z } from 'zod'
import { wholeAtLeast } from './params'
import { defineStrategy, type StrategyOutput } from './strategy'

export interface ContrastiveParams {
  /** Plausibility: V_head keeps the tokens with p_expert ≥ alpha · max p_expert. 0.1 by default; 0 keeps every token. */
  alpha: number
  /** 1: the best score at every step; more: beam search over the summed score. */
  width: number
}

interface Hypothesis {
  node: number
  /** Σ over the steps of log p_expert − log p_amateur. */
  score: number
  complete: boolean
}

/**
 * Contrastive decoding (Li et al. 2023; O'Brien & Lewis 2023). At each prefix the expert's plausible
 * head V_head = {x : p_e(x) ≥ alpha · max p_e} is scored by log p_e(x) − log p_a(x), the amateur's
 * log-probability subtracted. A beam of `width` hypotheses is kept by the summed score (ties to the
 * lower tokens, from the first); width 1 is thus the best score at each step, ties to the lower id.
 * Every V_head candidate gets a tree node recording both models' probabilities and its score; the
 * sequences' probabilities are the expert's, by the chain rule.
 */
export async function contrastive(
  ctx: DecodeContext,
  amateur: LanguageModel,
  { alpha, width }: ContrastiveParams,
): Promise<StrategyOutput> {
  const differ = vocabularyDifference(ctx.model, amateur)
  if (differ !== null) {
    throw new InputError(
      `the amateur model ${amateur.id} cannot contrast with ${ctx.model.id}: ${differ}; contrastive decoding needs one shared vocabulary (pick an amateur of the same family)`,
    )
  }
  ctx.needTop = width
  const amateurCache = new Map<number, Distribution>()
  const amateurDists = async (ids: readonly number[]): Promise<Distribution[]> => {
    const missing = ids.filter((id, i) => !amateurCache.has(id) && ids.indexOf(id) === i)
    const contexts = missing.map((id) => ctx.context(id))
    throwIfAborted(ctx.options.signal)
    const dists = amateur.nextMany
      ? await amateur.nextMany(contexts, ctx.options.signal)
      : await Promise.all(contexts.map((c) => amateur.next(c, ctx.options.signal)))
    missing.forEach((id, i) => amateurCache.set(id, dists[i]))
    return ids.map((id) => amateurCache.get(id) as Distribution)
  }
  const byScore = (a: Hypothesis, b: Hypothesis): number =>
    a.score !== b.score ? b.score - a.score : compareTokens(ctx.context(a.node), ctx.context(b.node))

  let hyps: Hypothesis[] = [{ node: ctx.start.id, score: 0, complete: ctx.isComplete(ctx.start) }]
  for (let step = 1; hyps.some((h) => !h.complete); step++) {
    const active = hyps.filter((h) => !h.complete)
    const expansions = await ctx.expandMany(active.map((h) => h.node))
    const amateurs = await amateurDists(active.map((h) => h.node))
    const pool: Hypothesis[] = hyps.filter((h) => h.complete)
    active.forEach((h, i) => {
      const own = sortedCandidates(expansions[i].dist)
      if (own.ids.length === 0) throw noContinuation(ctx, h.node)
      const head = headSize(own, alpha)
      const pa = probabilitiesOf(amateurs[i], own.ids.subarray(0, head))
      for (let k = 0; k < head; k++) {
        const child = ctx.childAt(h.node, own, k)
        const score = Math.log(own.probs[k]) - Math.log(pa[k])
        child.contrastive = { amateurProb: pa[k], score }
        pool.push({ node: child.id, score: h.score + score, complete: ctx.isComplete(child) })
      }
      for (let k = head; k < Math.min(own.ids.length, ctx.options.topN); k++)
        ctx.tree.mark(ctx.childAt(h.node, own, k).id, 'filtered')
    })
    pool.sort(byScore)
    hyps = pool.slice(0, width)
    for (const h of pool.slice(width)) ctx.tree.mark(h.node, 'pruned')
    for (const h of hyps) ctx.tree.mark(h.node, 'kept')
    ctx.progress(step, hyps[0].node)
  }
  for (const h of hyps) ctx.tree.markPath(h.node, 'chosen')
  const sequences = await Promise.all(
    hyps.map(async (h) => ({ ...(await ctx.sequence(h.node)), contrastiveScore: h.score })),
  )
  return { sequences }
}

/** |V_head|: the candidates are in ranking order, so the head is a prefix of them. */
function headSize(own: Candidates, alpha: number): number {
  const threshold = alpha * own.probs[0]
  let n = 0
  while (n < own.ids.length && own.probs[n] >= threshold) n++
  return n
}

/** The amateur's probabilities of some tokens, with one softmax pass for logits. */
function probabilitiesOf(dist: Distribution, ids: Int32Array): Float64Array {
  const out = new Float64Array(ids.length)
  if (dist.kind === 'probs') {
    const index = new Map<TokenId, number>()
    for (let i = 0; i < dist.ids.length; i++) index.set(dist.ids[i], dist.probs[i])
    ids.forEach((id, k) => (out[k] = index.get(id) ?? 0))
    return out
  }
  const { logits } = dist
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  let z = 0
  for (let i = 0; i < logits.length; i++) z += Math.exp(logits[i] - max)
  ids.forEach((id, k) => (out[k] = id < logits.length ? Math.exp(logits[id] - max) / z : 0))
  return out
}

export function amateurMissing(name: string | undefined): DecodeError {
  return new DecodeError(`contrastive decoding needs its amateur model (${name ?? 'none named'}) loaded`)
}

export const contrastiveStrategy = defineStrategy({
  display: { zh: '对比解码', params: { alpha: '可信度阈值', width: '束宽' } },
  summary:
    "`amateur` (a model id or path sharing the vocabulary, required), `alpha` (0.1), `width` (1): contrastive decoding (Li et al. 2023): V_head = {x : p(x) ≥ alpha · max p}, score log p(x) − log p_amateur(x), the best score per step (ties to the lower id) or a beam over the summed score; probabilities are the model's own; every V_head node records `contrastive: {amateurProb, score}`, every sequence its `contrastiveScore`",
  schema: () =>
    z.strictObject({
      alpha: z.number().min(0, 'alpha must be in [0, 1]').max(1, 'alpha must be in [0, 1]').default(0.1), // 0 = every token plausible
      width: wholeAtLeast('width', 1, 1024).default(1), // 1 = the best score at each step
    }),
  takesDraft: true,
  modelKey: 'amateur',
  run: (ctx, p, { draftModel, draft }) => {
    if (!draftModel) throw amateurMissing(draft)
    return contrastive(ctx, draftModel, { alpha: p.alpha, width: p.width })
  },
  presets: [{ amateur: 'MODEL', alpha: 0.1, width: 1 }],
})
