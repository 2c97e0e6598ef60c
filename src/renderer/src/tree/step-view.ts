import type { SamplerState, TreeNode } from '../../../core/types'

/** The truncations: processors that cut the candidates at a line (the others reweight them). */
const CUTTERS = new Set([
  'topK',
  'topP',
  'minP',
  'typicalP',
  'epsilon',
  'eta',
  'topNSigma',
  'xtc',
  'mirostat',
  'adaptiveP',
])

export interface StepRow {
  id: number
  tokenId: number | null
  text: string
  /** The model's own probability. */
  prob: number
  /** After the whole chain; null where no chain ran. */
  processedProb: number | null
  filteredBy: string | null
  chosen: boolean
}

export interface StepView {
  /** The node whose distribution this is: the prefix the step extended. */
  step: TreeNode
  /** The candidates by the model's probability, the most probable first, at most `limit`. */
  rows: StepRow[]
  /** Candidates stored beyond `rows`. */
  more: number
  /** A processor chain ran at this step (sampling family): processedProb and filteredBy are set. */
  chained: boolean
  /** Before which row each truncation's cut lies: the first candidate (by model probability) it removed. */
  cuts: { before: number; processor: string }[]
  /** Each processor that removed candidates, with how many of the stored ones, in the order they first cut. */
  removedBy: { processor: string; count: number }[]
  /** The sampler's state at the step: the temperature applied, Mirostat's μ, adaptive-p's target. */
  sampler: SamplerState | null
}

/**
 * What the step panel shows for a selected node: the distribution the selected token was drawn
 * from (its parent's, or its own when it is the prompt or was expanded and has no parent).
 */
export function stepView(nodes: readonly TreeNode[], selected: TreeNode, limit = 12): StepView | null {
  const stepId = selected.parent ?? (selected.expanded ? selected.id : null)
  if (stepId === null) return null
  const step = nodes.find((n) => n.id === stepId)
  if (!step) return null
  const candidates = nodes.filter((n) => n.parent === stepId).sort((a, b) => b.prob - a.prob || a.rank - b.rank)
  const shown = candidates.slice(0, limit)
  const rows = shown.map((n) => ({
    id: n.id,
    tokenId: n.tokenId,
    text: n.text,
    prob: n.prob,
    processedProb: n.processedProb ?? null,
    filteredBy: n.filteredBy ?? null,
    chosen: n.id === selected.id || n.status === 'chosen',
  }))
  const removed = new Map<string, number>()
  for (const n of candidates) if (n.filteredBy) removed.set(n.filteredBy, (removed.get(n.filteredBy) ?? 0) + 1)
  const cuts = cutsOf(rows.map((r) => r.filteredBy))
  return {
    step,
    rows,
    more: candidates.length - shown.length,
    chained: candidates.some((n) => n.processedProb !== undefined && n.processedProb !== null),
    cuts,
    removedBy: [...removed].map(([processor, count]) => ({ processor, count })),
    sampler: step.sampler ?? null,
  }
}

/** Before which row each truncation cuts: the first row (by model probability) it removed. */
function cutsOf(filteredBy: readonly (string | null)[]): StepView['cuts'] {
  const cuts: StepView['cuts'] = []
  const seen = new Set<string>()
  filteredBy.forEach((by, i) => {
    if (!by || seen.has(by)) return
    seen.add(by)
    if (CUTTERS.has(by)) cuts.push({ before: i, processor: by })
  })
  return cuts
}

/** A shown row under the second order of an order comparison. */
export interface OtherRow {
  processedProb: number
  filteredBy: string | null
  /** The truncation whose cut lies just above this row under the second order. */
  cut: string | null
}

/**
 * The step's rows under the second order, by token: what step.compareOrder answered for the
 * step's stored candidates. A row the answer does not list (it cannot happen for a stored step) reads 0.
 */
export function otherRows(
  view: StepView,
  candidates: readonly { tokenId: number; processedProb: number; filteredBy: string | null }[],
): OtherRow[] {
  const byToken = new Map(candidates.map((c) => [c.tokenId, c]))
  const rows = view.rows.map((r) => byToken.get(r.tokenId ?? -1) ?? { processedProb: 0, filteredBy: null })
  const cuts = new Map(cutsOf(rows.map((r) => r.filteredBy)).map((c) => [c.before, c.processor]))
  return rows.map((r, i) => ({ processedProb: r.processedProb, filteredBy: r.filteredBy, cut: cuts.get(i) ?? null }))
}
