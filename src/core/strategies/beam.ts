import { type DecodeContext, noContinuation } from '../decode-context'
import { compareTokens, lengthNormalised } from './hypothesis-order'
import { defineStrategy, type StrategyOutput } from './strategy'
import { z } from 'zod'
import { diverseBeam } from './diverse-beam'
import { wholeAtLeast } from './params'

export interface BeamParams {
  width: number
  lengthPenalty: number
}

interface Hypothesis {
  node: number
  score: number
  complete: boolean
}

/**
 * Beam search with fixed semantics: extend every unfinished hypothesis by every token of non-zero
 * probability, carry finished ones over, keep the `width` best by cumulative log-probability.
 * Only the `width` best extensions of one hypothesis can enter the beam, so those are all it needs.
 */
export async function beam(ctx: DecodeContext, { width, lengthPenalty }: BeamParams): Promise<StrategyOutput> {
  ctx.needTop = width
  ctx.keepDistributions = false
  const hypothesis = (node: number, score: number, complete: boolean): Hypothesis => ({ node, score, complete })
  // Ties in score (common on table models) compare the tokens, from the first; ctx.context keeps them for recent nodes.
  const byScore = (a: Hypothesis, b: Hypothesis): number =>
    a.score !== b.score ? b.score - a.score : compareTokens(ctx.context(a.node), ctx.context(b.node))
  let hyps: Hypothesis[] = [hypothesis(ctx.start.id, ctx.start.logProb, ctx.isComplete(ctx.start))]
  for (let step = 1; hyps.some((h) => !h.complete); step++) {
    const active = hyps.filter((h) => !h.complete)
    const expansions = await ctx.expandMany(active.map((h) => h.node))
    const pool: Hypothesis[] = hyps.filter((h) => h.complete)
    active.forEach((h, i) => {
      const { top } = expansions[i]
      for (let k = 0; k < Math.min(width, top.ids.length); k++) {
        if (!(top.probs[k] > 0)) continue
        const child = ctx.childAt(h.node, top, k)
        pool.push(hypothesis(child.id, child.logProb, ctx.isComplete(child)))
      }
      // Extensions past the best `width` of one hypothesis can never enter the beam: pruned at once.
      for (let k = width; k < Math.min(ctx.options.topN, top.ids.length); k++) {
        if (top.probs[k] > 0) ctx.tree.mark(ctx.childAt(h.node, top, k).id, 'pruned')
      }
    })
    // Every hypothesis died (no token of non-zero probability): fail as greedy does, not with no result.
    if (pool.length === 0) throw noContinuation(ctx, active[0].node)
    pool.sort(byScore)
    hyps = pool.slice(0, width)
    for (const h of pool.slice(width)) ctx.tree.mark(h.node, 'pruned')
    for (const h of hyps) ctx.tree.mark(h.node, 'kept')
    ctx.progress(step, hyps[0].node)
  }
  const ranked = hyps
    .map((h) => hypothesis(h.node, lengthNormalised(h.score, ctx.tree.get(h.node).depth, lengthPenalty), h.complete))
    .sort(byScore)
  for (const h of ranked) ctx.tree.markPath(h.node, 'chosen')
  return { sequences: await Promise.all(ranked.map((h) => ctx.sequence(h.node))) }
}

export const beamStrategy = defineStrategy({
  display: {
    zh: '束搜索',
    short: { param: 'width', en: 'beam', zh: '束搜索' },
    params: { width: '束宽', lengthPenalty: '长度惩罚', groups: '分组数', diversityPenalty: '多样性惩罚' },
  },
  summary:
    "`width` (4), `lengthPenalty` (0): final ranking by logProb / length^lengthPenalty; `groups` (1), `diversityPenalty` (0): diverse beam search with Hugging Face's semantics",
  schema: () =>
    z.strictObject({
      width: z
        .number()
        .int('width must be a whole number')
        .min(1, 'width must be >= 1')
        .max(1024, 'width must be <= 1024')
        .default(4),
      lengthPenalty: z.number().finite('lengthPenalty must be finite').default(0),
      // Diverse beam search (Vijayakumar et al. 2018, Hugging Face's num_beam_groups): 1 = plain beam.
      groups: wholeAtLeast('groups', 1, 1024).optional(),
      diversityPenalty: z
        .number()
        .min(0, 'diversityPenalty must be >= 0')
        .finite('diversityPenalty must be finite')
        .optional(), // 0 = none
    }),
  check: ({ width, groups = 1, diversityPenalty }) => {
    if (width % groups !== 0)
      return `groups must divide width (${width}) into groups of equal size, got groups = ${groups}`
    if (diversityPenalty !== undefined && diversityPenalty > 0 && groups < 2) {
      return `diversityPenalty needs groups >= 2 (it penalises tokens earlier groups chose), got groups = ${groups}`
    }
    return undefined
  },
  run: (ctx, { width, lengthPenalty, groups = 1, diversityPenalty = 0 }) =>
    groups > 1
      ? diverseBeam(ctx, { width, lengthPenalty, groups, diversityPenalty })
      : beam(ctx, { width, lengthPenalty }),
  presets: [{ width: 4, lengthPenalty: 0 }, { width: 2 }],
})
