import { endTokensOf } from '../end-tokens'
import type { DecodeContext, Expansion } from '../decode-context'
import { type Candidates, sortedCandidates } from '../distribution'
import { DecodeError, InputError, throwIfAborted } from '../errors'
import { applyChain, draw, type Processor } from '../processors'
import { seededRandom } from '../rng'
import type { LanguageModel, SpeculativeStats, TokenId, TreeNode } from '../types'
import { noContinuation } from '../decode-context'
import { defineStrategy, seedOf, type StrategyOutput } from './strategy'
import { z } from 'zod'
import { buildChain, CHAIN_NEUTRALS, defaultOrder } from '../processors/order'
import { order, PROCESSOR_NAMES_ZH, samples, seed, SEEDED_NAMES_ZH, statelessProcessors, wholeAtLeast } from './params'

/** The Chinese names of the processors speculative takes (not XTC, Mirostat or adaptive-p). */
const STATELESS_NAMES_ZH = Object.fromEntries(
  Object.entries(PROCESSOR_NAMES_ZH).filter(([k]) => !/^(xtc|mirostat|adaptive)/.test(k)),
)

export interface SpeculativeParams {
  /** Tokens the draft model proposes per round. */
  lookahead: number
  seed: number
  samples: number
}

/**
 * Speculative sampling (Leviathan et al. 2023; Chen et al. 2023). Each round the draft model q
 * proposes up to `lookahead` tokens; the target p scores every proposed position in one call.
 * Token x is accepted with probability min(1, p(x)/q(x)); the first rejection is replaced by a
 * draw from norm(max(0, p − q)), and when every proposal passes one more token comes from p.
 * Each token is then distributed exactly as p (after the processors, which reshape p and q alike).
 * The tree records the target's probabilities; drafted nodes count their proposals, acceptances
 * and rejections (DraftOutcome). A drafted token the target gives probability 0 is rejected for
 * sure and gets no node.
 */
export async function speculative(
  ctx: DecodeContext,
  draftModel: LanguageModel,
  chain: readonly Processor[],
  { lookahead, seed, samples }: SpeculativeParams,
): Promise<StrategyOutput> {
  checkSameVocabulary(ctx.model, draftModel)
  const random = seededRandom(seed)
  const stats = { drafted: 0, accepted: 0, rejected: 0, tokens: 0, targetCalls: 0, draftCalls: 0 }
  const draftCache = new Map<string, Candidates>()
  const ownCache = new Map<number, Candidates>()

  const process = (own: Candidates, context: readonly TokenId[]): Candidates => {
    const out = applyChain(chain, own, context)
    for (const w of out.warnings ?? []) ctx.warnings.add(w)
    return out
  }
  const own = (node: TreeNode, expansion: Expansion): Candidates => {
    let c = ownCache.get(node.id)
    if (!c) ownCache.set(node.id, (c = sortedCandidates(expansion.dist)))
    return c
  }
  const target = (node: TreeNode, expansion: Expansion): Candidates =>
    process(own(node, expansion), [...ctx.prefix, ...ctx.tokens(node.id)])
  const proposal = async (context: TokenId[]): Promise<Candidates> => {
    const key = context.join(',')
    let c = draftCache.get(key)
    if (!c) {
      throwIfAborted(ctx.options.signal)
      const dist = await draftModel.next(context, ctx.options.signal)
      stats.draftCalls++
      c = process(sortedCandidates(dist), context)
      draftCache.set(key, c)
    }
    return c
  }
  /** The child for a token drawn from the target at `node`, with the target's own probability. */
  const take = (node: TreeNode, expansion: Expansion, token: TokenId): TreeNode => {
    const list = own(node, expansion)
    const child = ctx.childAt(node.id, list, list.ids.indexOf(token))
    ctx.tree.mark(child.id, 'kept')
    stats.tokens++
    return child
  }

  const sequences = []
  for (let s = 0; s < samples; s++) {
    let node = ctx.start
    while (!ctx.isComplete(node)) {
      const room = ctx.maxDepth - node.depth
      const drafted: TokenId[] = []
      const proposals: Candidates[] = []
      let context = [...ctx.prefix, ...ctx.tokens(node.id)]
      while (drafted.length < Math.min(lookahead, room)) {
        const q = await proposal(context)
        if (q.ids.length === 0) throw draftStuck(ctx, draftModel, context)
        const x = q.ids[draw(q, random())]
        drafted.push(x)
        proposals.push(q)
        context = [...context, x]
        if (ctx.isEnd(x)) break
      }
      // The target's distribution after the last proposal is needed only for the extra token.
      const extra = drafted.length < room && !ctx.isEnd(drafted[drafted.length - 1])
      const { nodes, expansions } = await ctx.expandPath(node.id, drafted, extra)
      stats.targetCalls++
      stats.drafted += drafted.length
      for (const n of nodes) ctx.tree.countDraft(n.id, 'proposed')
      let allAccepted = true
      for (let i = 0; i < drafted.length; i++) {
        const p = target(node, expansions[i])
        const q = proposals[i]
        const x = drafted[i]
        const ratio = probabilityIn(p, x) / probabilityIn(q, x)
        if (random() < Math.min(1, ratio)) {
          node = nodes[i]
          ctx.tree.countDraft(node.id, 'accepted')
          ctx.tree.mark(node.id, 'kept')
          stats.accepted++
          stats.tokens++
          continue
        }
        if (nodes[i]) {
          ctx.tree.countDraft(nodes[i].id, 'rejected')
          ctx.tree.mark(nodes[i].id, 'pruned')
        }
        stats.rejected++
        if (p.ids.length === 0) throw noContinuation(ctx, node.id)
        const r = residual(p, q)
        node = take(node, expansions[i], r.ids[draw(r, random())])
        allAccepted = false
        break
      }
      if (allAccepted && !ctx.isComplete(node)) {
        const p = target(node, expansions[drafted.length])
        if (p.ids.length === 0) throw noContinuation(ctx, node.id)
        node = take(node, expansions[drafted.length], p.ids[draw(p, random())])
      }
      ctx.progress(node.depth, node.id)
    }
    ctx.tree.markPath(node.id, 'chosen')
    sequences.push(await ctx.sequence(node.id))
  }
  const speculativeStats: SpeculativeStats = {
    drafted: stats.drafted,
    accepted: stats.accepted,
    rejected: stats.rejected,
    acceptanceRate: stats.drafted > 0 ? stats.accepted / stats.drafted : null,
    tokens: stats.tokens,
    targetCalls: stats.targetCalls,
    targetCallsSaved: stats.tokens - stats.targetCalls,
    draftCalls: stats.draftCalls,
  }
  return { sequences, speculative: speculativeStats }
}

/** A token's probability in a candidate list, normalised over the listed tokens (as `draw` draws). */
export function probabilityIn(c: Candidates, token: TokenId): number {
  let total = 0
  let own = 0
  for (let i = 0; i < c.ids.length; i++) {
    total += c.probs[i]
    if (c.ids[i] === token) own = c.probs[i]
  }
  return total > 0 ? own / total : 0
}

/**
 * norm(max(0, p − q)) over p's tokens. It is all zero only when p = q, where a rejection cannot
 * happen; rounding can still get there, and then p itself is the right distribution.
 */
export function residual(p: Candidates, q: Candidates): Candidates {
  const qOf = new Map<TokenId, number>()
  let qTotal = 0
  for (let i = 0; i < q.ids.length; i++) qTotal += q.probs[i]
  for (let i = 0; i < q.ids.length; i++) qOf.set(q.ids[i], q.probs[i] / qTotal)
  let pTotal = 0
  for (let i = 0; i < p.ids.length; i++) pTotal += p.probs[i]
  const probs = new Float64Array(p.ids.length)
  let z = 0
  for (let i = 0; i < p.ids.length; i++) z += probs[i] = Math.max(0, p.probs[i] / pTotal - (qOf.get(p.ids[i]) ?? 0))
  if (!(z > 1e-12)) return p
  for (let i = 0; i < probs.length; i++) probs[i] /= z
  return { ids: p.ids, probs, otherMass: 0 }
}

/** Draft and target must give every token id the same meaning. */
export function checkSameVocabulary(target: LanguageModel, draft: LanguageModel): void {
  const differ = (what: string) =>
    new InputError(
      `the draft model ${draft.id} cannot draft for ${target.id}: ${what}; speculative decoding needs one shared vocabulary`,
    )
  if (draft.vocabSize !== target.vocabSize)
    throw differ(`its vocabulary has ${draft.vocabSize} tokens, the target's ${target.vocabSize}`)
  if (draft.bos !== target.bos || draft.eos !== target.eos) throw differ('their BOS or EOS tokens differ')
  const ends = [endTokensOf(draft), endTokensOf(target)]
  if (ends[0].size !== ends[1].size || [...ends[0]].some((t) => !ends[1].has(t)))
    throw differ('their end-of-generation tokens differ')
  for (let id = 0; id < target.vocabSize; id++) {
    if (draft.tokenText(id) !== target.tokenText(id))
      throw differ(`token ${id} is "${draft.tokenText(id)}" there and "${target.tokenText(id)}" here`)
  }
}

function draftStuck(ctx: DecodeContext, draft: LanguageModel, context: readonly TokenId[]): DecodeError {
  return new DecodeError(
    `the draft model ${draft.id} gives no token a non-zero probability after "${context.map((t) => ctx.model.tokenText(t)).join(' ')}"`,
  )
}

// The draft model (StrategySpec.draft) proposes `lookahead` tokens per round, the target checks them
// in one call. The processors, when given, reshape both models' distributions.
export const speculativeStrategy = defineStrategy({
  display: { zh: '推测解码', params: { lookahead: '前瞻词元数', ...STATELESS_NAMES_ZH, ...SEEDED_NAMES_ZH } },
  summary:
    "`draft` (a model id or path, required), `lookahead` (4), the `sample` processors (temperature 1 and none other unless given, applied to draft and target alike), `order`, `seed`, `samples`: exactly the target's distribution; `run --json` adds `speculative: {drafted, accepted, rejected, acceptanceRate, tokens, targetCalls, targetCallsSaved, draftCalls}`",
  schema: () =>
    z.strictObject({
      lookahead: wholeAtLeast('lookahead', 1, 64).default(4),
      ...statelessProcessors(),
      order: order().optional(),
      seed: seed(),
      samples: samples(),
    }),
  neutral: Object.fromEntries(Object.entries(CHAIN_NEUTRALS).filter(([k]) => !k.startsWith('xtc'))),
  takesDraft: true,
  processors: (p) => buildChain(p, p.order ?? defaultOrder(p)),
  run: (ctx, p, { processors, draftModel, draft }) => {
    if (!draftModel)
      throw new DecodeError(`speculative decoding needs its draft model (${draft ?? 'none named'}) loaded`)
    return speculative(ctx, draftModel, processors, { lookahead: p.lookahead, seed: seedOf(p), samples: p.samples })
  },
  presets: [{ draft: 'MODEL', lookahead: 4, seed: 1, samples: 1 }],
})
