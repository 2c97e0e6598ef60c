import { type DecodeContext, noContinuation } from '../decode-context'
import type { TokenId } from '../types'
import { compareTokens, lengthNormalised } from './hypothesis-order'
import type { StrategyOutput } from './strategy'

export interface DiverseBeamParams {
  width: number
  lengthPenalty: number
  groups: number
  diversityPenalty: number
}

interface Hypothesis {
  node: number
  /** Cumulative log-probability minus the diversity penalties it took. */
  score: number
  complete: boolean
}

/**
 * Diverse (group) beam search with Hugging Face's semantics (num_beam_groups, diversity_penalty;
 * Vijayakumar et al. 2018): `width / groups` beams per group, groups stepped in turn; a later
 * group's log-probability of a token loses diversityPenalty × the number of beams of earlier groups
 * that chose that token at this step. The penalty stays in the beam's score, as in Hugging Face;
 * EOS never counts, since there a finished beam leaves the group. Within a group the plain beam's
 * rules hold (finished hypotheses are carried over). Sequences report the model's own probability.
 */
export async function diverseBeam(
  ctx: DecodeContext,
  { width, lengthPenalty, groups, diversityPenalty }: DiverseBeamParams,
): Promise<StrategyOutput> {
  const size = width / groups
  // A penalty only lowers the tokens earlier groups chose (fewer than width), so the best `size`
  // after penalties lie among the best size + width before.
  ctx.needTop = size + width
  ctx.keepDistributions = false
  const hypothesis = (node: number, score: number, complete: boolean): Hypothesis => ({ node, score, complete })
  // Ties in score (common on table models) compare the tokens, from the first; ctx.context keeps them for recent nodes.
  const byScore = (a: Hypothesis, b: Hypothesis): number =>
    a.score !== b.score ? b.score - a.score : compareTokens(ctx.context(a.node), ctx.context(b.node))
  const root = hypothesis(ctx.start.id, ctx.start.logProb, ctx.isComplete(ctx.start))
  let beams: Hypothesis[][] = Array.from({ length: groups }, () => [root])
  for (let step = 1; beams.some((g) => g.some((h) => !h.complete)); step++) {
    const active = beams.flat().filter((h) => !h.complete)
    const expansions = new Map((await ctx.expandMany(active.map((h) => h.node))).map((e, i) => [active[i].node, e]))
    const chosen = new Map<TokenId, number>()
    const next: Hypothesis[][] = []
    for (const group of beams) {
      const pool: Hypothesis[] = group.filter((h) => h.complete)
      for (const h of group.filter((x) => !x.complete)) {
        const { top } = expansions.get(h.node) as NonNullable<ReturnType<typeof expansions.get>>
        for (let k = 0; k < top.ids.length; k++) {
          if (!(top.probs[k] > 0)) continue
          const child = ctx.childAt(h.node, top, k)
          const token = child.tokenId as TokenId
          const penalty = diversityPenalty * (chosen.get(token) ?? 0)
          pool.push(hypothesis(child.id, h.score + Math.log(top.probs[k]) - penalty, ctx.isComplete(child)))
        }
      }
      if (pool.length === 0) throw noContinuation(ctx, group[0].node)
      pool.sort(byScore)
      const kept = pool.slice(0, size)
      for (const h of pool.slice(size)) ctx.tree.mark(h.node, 'pruned')
      for (const h of kept) {
        ctx.tree.mark(h.node, 'kept')
        const node = ctx.tree.get(h.node)
        const last = node.tokenId as TokenId
        // Only hypotheses extended at this step chose a token now; a carried one chose nothing.
        if (node.depth - ctx.start.depth === step && !ctx.isEnd(last)) chosen.set(last, (chosen.get(last) ?? 0) + 1)
      }
      next.push(kept)
    }
    beams = next
    ctx.progress(step, beams[0][0].node)
  }
  const ranked = beams
    .flat()
    .map((h) => hypothesis(h.node, lengthNormalised(h.score, ctx.tree.get(h.node).depth, lengthPenalty), h.complete))
    .sort(byScore)
  for (const h of ranked) ctx.tree.markPath(h.node, 'chosen')
  return { sequences: await Promise.all(ranked.map((h) => ctx.sequence(h.node))) }
}
