import type { DecodeContext } from '../decode-context'
import type { TokenId } from '../types'
import { noContinuation } from './greedy'
import { compareHypotheses, lengthNormalised } from './hypothesis-order'
import type { StrategyOutput } from './strategy'

export interface BeamParams {
  width: number
  lengthPenalty: number
}

interface Hypothesis {
  node: number
  tokens: TokenId[]
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
  let hyps: Hypothesis[] = [{ node: ctx.start.id, tokens: [], score: ctx.start.logProb, complete: ctx.isComplete(ctx.start) }]
  for (let step = 1; hyps.some((h) => !h.complete); step++) {
    const active = hyps.filter((h) => !h.complete)
    const expansions = await ctx.expandMany(active.map((h) => h.node))
    const pool: Hypothesis[] = hyps.filter((h) => h.complete)
    active.forEach((h, i) => {
      const { top } = expansions[i]
      for (let k = 0; k < Math.min(width, top.ids.length); k++) {
        if (!(top.probs[k] > 0)) continue
        const child = ctx.childAt(h.node, top, k)
        pool.push({ node: child.id, tokens: [...h.tokens, child.tokenId as TokenId], score: child.logProb, complete: ctx.isComplete(child) })
      }
      // Extensions past the best `width` of one hypothesis can never enter the beam: pruned at once.
      for (let k = width; k < Math.min(ctx.options.topN, top.ids.length); k++) {
        if (top.probs[k] > 0) ctx.tree.mark(ctx.childAt(h.node, top, k).id, 'pruned')
      }
    })
    // Every hypothesis died (no token of non-zero probability): fail as greedy does, not with no result.
    if (pool.length === 0) throw noContinuation(ctx, active[0].node)
    pool.sort(compareHypotheses)
    hyps = pool.slice(0, width)
    for (const h of pool.slice(width)) ctx.tree.mark(h.node, 'pruned')
    for (const h of hyps) ctx.tree.mark(h.node, 'kept')
    ctx.progress(step, hyps[0].node)
  }
  const ranked = hyps
    .map((h) => ({ ...h, score: lengthNormalised(h.score, ctx.start.depth + h.tokens.length, lengthPenalty) }))
    .sort(compareHypotheses)
  for (const h of ranked) ctx.tree.markPath(h.node, 'chosen')
  return { sequences: await Promise.all(ranked.map((h) => ctx.sequence(h.node))) }
}
