import { type DecodeContext, noContinuation } from '../decode-context'
import { LazyCandidates } from '../lazy-candidates'
import type { Distribution, TokenId, TreeNode } from '../types'
import { comparePaths } from './hypothesis-order'
import { MinHeap } from './min-heap'
import { defineStrategy, type StrategyOutput } from './strategy'
import { z } from 'zod'
import { wholeAtLeast } from './params'

export interface ExactParams {
  /** Hypotheses generated at most. */
  budget: number
}

/** A hypothesis: the `index`-th candidate of an expanded node (its parent), `depth` tokens from the root. */
interface Entry {
  cost: number
  token: TokenId
  depth: number
  parent: number
  index: number
}

/**
 * The search stops, not proven optimal, when its estimated memory would pass this: the frontier's
 * hypotheses, each expanded node's distribution and the candidates generated from it, and the tree. An estimate
 * rather than the heap's real size, so that the same run stops at the same place on any machine.
 */
export const EXACT_MEMORY_BYTES = 512 * 2 ** 20
/** Where a search stops, not proven optimal, besides its budget of hypotheses. */
export interface ExactLimits {
  /** Estimated memory (see EXACT_MEMORY_BYTES). */
  memoryBytes?: number
  /** Wall time, checked after each expansion. */
  timeMs?: number
}

/** Estimated bytes of a hypothesis in the frontier (the object and its heap slot). */
const ENTRY_BYTES = 64
/** Estimated bytes of a node of the probability tree. */
const TREE_NODE_BYTES = 160

function distributionBytes(dist: Distribution): number {
  return dist.kind === 'logits' ? 4 * dist.logits.length : 12 * dist.ids.length
}

/**
 * Best-first (uniform-cost) search on −log p: the first complete hypothesis popped is the most
 * probable complete sequence. Children are generated lazily, best first: popping a node's k-th
 * child pushes its (k+1)-th sibling, so a 32k vocabulary costs two heap pushes per pop, not 32k.
 * A node's candidates come by partial selection, a chunk at a time (LazyCandidates): a search reads
 * the front of each list, never the whole sorted vocabulary.
 */
export async function exact(
  ctx: DecodeContext,
  { budget }: ExactParams,
  limits: number | ExactLimits = EXACT_MEMORY_BYTES,
): Promise<StrategyOutput> {
  const { memoryBytes = EXACT_MEMORY_BYTES, timeMs = Infinity } =
    typeof limits === 'number' ? { memoryBytes: limits } : limits
  const deadline = performance.now() + timeMs
  const heap = new MinHeap<Entry>((a, b) => a.cost - b.cost || compareEntries(ctx.tree.nodes, a, b))
  const sorted = new Map<number, LazyCandidates>()
  let generated = 0
  let exhausted = false
  let best: Entry | null = null
  let expandedBytes = 0
  let expanded = 0
  const warnBudgetSpent = (): void => {
    ctx.warnings.add(
      `exact: the budget of ${budget} hypotheses was spent first; the sequence is the best found, not proven optimal`,
    )
  }
  const estimatedBytes = (): number => heap.size * ENTRY_BYTES + expandedBytes + ctx.tree.nodes.length * TREE_NODE_BYTES

  const push = (parent: number, index: number): void => {
    const candidates = sorted.get(parent) as LazyCandidates
    const held = candidates.bytes
    const has = candidates.has(index)
    expandedBytes += candidates.bytes - held
    if (!has) return
    if (generated >= budget) {
      exhausted = true
      return
    }
    const token = candidates.ids[index]
    const node = ctx.tree.get(parent)
    const entry: Entry = {
      cost: -(node.logProb + Math.log(candidates.probs[index])),
      token,
      depth: node.depth + 1,
      parent,
      index,
    }
    generated++
    heap.push(entry)
    const complete = ctx.isEnd(token) || entry.depth >= ctx.maxDepth
    if (complete && (best === null || heap.compare(entry, best) < 0)) best = entry
  }
  const nodeOf = (e: Entry) => ctx.childAt(e.parent, sorted.get(e.parent) as LazyCandidates, e.index)
  const expand = async (id: number): Promise<void> => {
    const { dist, top } = await ctx.expand(id)
    sorted.set(id, new LazyCandidates(dist, top.normaliser))
    expanded++
    expandedBytes += distributionBytes(dist)
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
  let outOfMemory = false
  let outOfTime = false
  for (let popped = 1; heap.size > 0 && !exhausted && !outOfMemory && !outOfTime; popped++) {
    const entry = heap.pop() as Entry
    const node = nodeOf(entry)
    ctx.tree.mark(node.id, 'kept')
    push(entry.parent, entry.index + 1)
    if (ctx.isComplete(node)) {
      // Costs only grow along a path, so nothing left in the heap can beat this.
      ctx.tree.markPath(node.id, 'chosen')
      if (exhausted) warnBudgetSpent()
      return { sequences: [await ctx.sequence(node.id)], optimal: !exhausted }
    }
    lastPopped = node.id
    if (popped % 64 === 0) ctx.progress(node.depth, node.id)
    await expand(node.id)
    outOfMemory = estimatedBytes() > memoryBytes
    outOfTime = performance.now() > deadline
  }
  if (outOfMemory) {
    ctx.warnings.add(
      `exact: stopped after ${expanded} expansions, when its frontier and tree reached the memory limit of ${mib(memoryBytes)} (estimated); the sequence is the best found, not proven optimal`,
    )
  } else if (outOfTime) {
    ctx.warnings.add(
      `exact: stopped after ${expanded} expansions, at its time limit of ${timeMs} ms; the sequence is the best found, not proven optimal`,
    )
  } else if (exhausted) {
    warnBudgetSpent()
  }
  // Budget spent: the best complete hypothesis generated, else the last partial one examined.
  const found = best as Entry | null
  const id = found ? nodeOf(found).id : lastPopped
  ctx.tree.markPath(id, 'chosen')
  return { sequences: [await ctx.sequence(id)], optimal: false }
}

const mib = (bytes: number): string => (bytes < 2 ** 20 ? `${bytes} bytes` : `${+(bytes / 2 ** 20).toFixed(1)} MiB`)

/**
 * compareTokens of two hypotheses' paths (their parent's path and their token), walking up the
 * tree only as far as the paths part, so that a tie in cost does not cost O(depth) copies.
 */
function compareEntries(nodes: readonly TreeNode[], a: Entry, b: Entry): number {
  if (a.parent === b.parent) return a.token - b.token
  const da = nodes[a.parent].depth
  const db = nodes[b.parent].depth
  if (da === db) return comparePaths(nodes, a.parent, b.parent)
  if (da > db) return -compareEntries(nodes, b, a)
  // b's path is the longer: its node at a's length.
  let y = b.parent
  while (nodes[y].depth > da + 1) y = nodes[y].parent as number
  const yParent = nodes[y].parent as number
  if (yParent !== a.parent) return comparePaths(nodes, a.parent, yParent)
  // The same parent path: a's token against b's next one; equal, a is a prefix of b and comes first.
  return a.token - (nodes[y].tokenId as TokenId) || -1
}

/** exact's budget at most: past it the hypotheses alone would take gigabytes (the search also stops on memory). */
export const MAX_EXACT_BUDGET = 10_000_000

export const exactStrategy = defineStrategy({
  display: { zh: '精确搜索', params: { budget: '搜索预算' } },
  summary:
    '`budget` (1,000,000 hypotheses): the most probable complete sequence; `optimal: false` when the budget ran out',
  schema: () => z.strictObject({ budget: wholeAtLeast('budget', 1, MAX_EXACT_BUDGET).default(1_000_000) }),
  run: (ctx, { budget }) => exact(ctx, { budget }),
  presets: [{ budget: 1_000_000 }],
})
