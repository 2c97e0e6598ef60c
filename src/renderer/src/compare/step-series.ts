import type { Sequence, TreeNode } from '../../../core/types'

/** One line of a per-step chart: `values[t]` belongs to step t + 1; null where it is unknown. */
export interface StepSeries {
  key: string
  values: readonly (number | null)[]
}

/** ln P(x_t | x_<t) of each token of the sequence, in order (nats). */
export function stepLogProbs(seq: Pick<Sequence, 'steps'>): number[] {
  return seq.steps.map((s) => s.logProb)
}

/** Running sum of the per-step log-probabilities: log P(x_1..x_t). */
export function cumulativeLogProbs(seq: Pick<Sequence, 'steps'>): number[] {
  let sum = 0
  return seq.steps.map((s) => (sum += s.logProb))
}

export function nodesById(tree: readonly TreeNode[]): Map<number, TreeNode> {
  return new Map(tree.map((n) => [n.id, n]))
}

/**
 * Entropy (nats) of the distribution each token was chosen from, in step order: the entropy of
 * the token's parent node, found by walking up from the sequence's last node. null where the
 * tree does not hold that node (a run stored without its tree).
 */
export function stepEntropies(
  seq: Pick<Sequence, 'steps' | 'nodeId'>,
  byId: ReadonlyMap<number, TreeNode>,
): (number | null)[] {
  const out: (number | null)[] = []
  for (let node = byId.get(seq.nodeId); node && node.parent !== null; node = byId.get(node.parent)) {
    out.push(byId.get(node.parent)?.entropy ?? null)
  }
  out.reverse()
  if (out.length !== seq.steps.length) return seq.steps.map(() => null)
  return out
}

/**
 * Rows for a recharts chart with the step on x: `{ step, [key]: value }`, one row per step up to the
 * longest series; a series shorter than that, or null at a step, has no value there (no point drawn).
 */
export function stepRows(series: readonly StepSeries[]): Record<string, number>[] {
  const length = Math.max(0, ...series.map((s) => s.values.length))
  return Array.from({ length }, (_, t) => {
    const row: Record<string, number> = { step: t + 1 }
    for (const s of series) {
      const v = s.values[t]
      if (v !== null && v !== undefined) row[s.key] = v
    }
    return row
  })
}

/** A series drawn over another with the same values: dashed, and its name says which one it repeats. */
export const SAME_DASH = '6 4'

/**
 * Marks every series whose values equal an earlier series' (identical lines hide each other):
 * `sameAs` is the earlier series' index, or null.
 */
export function sameAsEarlier(series: readonly StepSeries[]): (number | null)[] {
  const seen = new Map<string, number>()
  return series.map((s, i) => {
    const key = JSON.stringify(s.values)
    const first = seen.get(key)
    if (first !== undefined) return first
    seen.set(key, i)
    return null
  })
}
