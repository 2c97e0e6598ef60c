import type { Overlay } from './merge-runs'
import type { PathStyle } from './path-style'

export interface LegendSequence {
  /** Index in Overlay.paths. */
  path: number
  /** Index of the sequence in its run. */
  index: number
  style: PathStyle
}

export interface LegendRun {
  runId: number
  sequences: LegendSequence[]
}

export interface LegendGroups {
  /** One entry per run that has a drawn sequence, in the experiment's order. */
  runs: LegendRun[]
  /** The one entry for every pruned hypothesis drawn; null when there is none. */
  pruned: { count: number; runIds: number[] } | null
}

/**
 * The overlay's legend: one entry per run listing its final sequences, and one entry for all
 * pruned hypotheses together, however many there are. The cumulative chart groups its lines the same way.
 */
export function legendGroups(overlay: Pick<Overlay, 'paths'>): LegendGroups {
  const runs = new Map<number, LegendRun>()
  const prunedRuns = new Set<number>()
  let pruned = 0
  overlay.paths.forEach((p, i) => {
    if (p.kind === 'pruned') {
      pruned++
      prunedRuns.add(p.runId)
      return
    }
    const run = runs.get(p.runId) ?? { runId: p.runId, sequences: [] }
    run.sequences.push({ path: i, index: p.index, style: p.style })
    runs.set(p.runId, run)
  })
  return { runs: [...runs.values()], pruned: pruned === 0 ? null : { count: pruned, runIds: [...prunedRuns] } }
}
