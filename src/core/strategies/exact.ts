import type { DecodeContext } from '../decode-context'
import { type Candidates, sortedCandidates } from '../distribution'
import type { TokenId } from '../types'
import { noContinuation } from './greedy'
import { compareTokens } from './hypothesis-order'
import { MinHeap } from './min-heap'
import type { StrategyOutput } from './strategy'

export interface ExactParams {
  /** Hypotheses generated at most. */
  budget: number
}

/** A hypothesis: the `index`-th candidate of an expanded node (its parent). */
interface Entry {
  cost: number
  tokens: TokenId[]
  parent: number
  index: number
}

/**
 * Best-first (uniform-cost) search on −log p: the first complete hypothesis popped is the most
 * probable complete sequence. Children are generated lazily, best first: popping a node's k-th
 * child pushes its (k+1)-th sibling, so a 32k vocabulary costs two heap pushes per pop, not 32k.
 */
export async function exact(ctx: DecodeContext, { budget }: ExactParams): Promise<StrategyOutput> {
  const heap = new MinHeap<Entry>((a, b) => a.cost - b.cost || compareTokens(a.tokens, b.tokens))
  const sorted = new Map<number, Candidates>()
  let generated = 0
  let exhausted = false
  let best: Entry | null = null

  const push = (parent: number, index: number): void => {
    const candidates = sorted.get(parent) as Candidates
    if (index >= candidates.ids.length) return
    if (generated >= budget) {
      exhausted = true
      return
    }
    const token = candidates.ids[index]
    const entry: Entry = {
      cost: -(ctx.tree.get(parent).logProb + Math.log(candidates.probs[index])),
      tokens: [...ctx.tokens(parent), token],
      parent,
      index,
    }
    generated++
    heap.push(entry)
    const complete = token === ctx.model.eos || entry.tokens.length >= ctx.maxDepth
    if (complete && (best === null || heap.compare(entry, best) < 0)) best = entry
  }
  const nodeOf = (e: Entry) => ctx.childAt(e.parent, sorted.get(e.parent) as Candidates, e.index)
  const expand = async (id: number): Promise<void> => {
    const { dist } = await ctx.expand(id)
    sorted.set(id, sortedCandidates(dist))
    push(id, 0)
  }

  const start = ctx.start.id
  if (ctx.isComplete(ctx.start)) {
    ctx.tree.markPath(start, 'chosen')
    return { sequences: [await ctx.sequence(start)], optimal: true }
  }
  await expand(start)
  if (heap.size === 0) throw noContinuation(ctx, start)
  let lastPopped = start
  for (let popped = 1; heap.size > 0 && !exhausted; popped++) {
    const entry = heap.pop() as Entry
    const node = nodeOf(entry)
    ctx.tree.mark(node.id, 'kept')
    push(entry.parent, entry.index + 1)
    if (ctx.isComplete(node)) {
      // Costs only grow along a path, so nothing left in the heap can beat this.
      ctx.tree.markPath(node.id, 'chosen')
      return { sequences: [await ctx.sequence(node.id)], optimal: !exhausted }
    }
    lastPopped = node.id
    if (popped % 64 === 0) ctx.progress(node.depth, node.id)
    await expand(node.id)
  }
  // Budget spent: the best complete hypothesis generated, else the last partial one examined.
  const found = best as Entry | null
  const id = found ? nodeOf(found).id : lastPopped
  ctx.tree.markPath(id, 'chosen')
  return { sequences: [await ctx.sequence(id)], optimal: false }
}
