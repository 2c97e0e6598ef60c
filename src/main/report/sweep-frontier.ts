import type { Database } from 'better-sqlite3'
import type { ReportFrontier } from '../../core/report/html-frontier'
import { frontierCurves, matchedTable } from '../../core/sweep/frontier'
import { mergeSeeds } from '../../core/sweep/sweep-intervals'
import type { SweepDetail } from '../../core/sweep/sweep-records'
import { firstSeedOf, seedIntervals } from '../../core/sweep/sweep-seeds'
import { cellRuns } from '../store/sweeps-repo'
import { getSweep, listSweeps } from '../sweep/stored-sweeps'

/** The report's axes, as the app opens its frontier: Self-BLEU-4 (diversity) against mean log-likelihood (quality). */
export const REPORT_X = 'selfBleu4'
export const REPORT_Y = 'meanLogProb'

export interface SweepFrontier {
  sweep: SweepDetail
  frontier: ReportFrontier
  intervals: ReturnType<typeof seedIntervals>
}

/**
 * The frontier and matched comparison of the seeds sweep that an experiment belongs to (any of its
 * prompts' experiments), read as the app reads them: the bootstrap seeded by the sweep's first seed,
 * the matched level halfway across the measured diversity. Null for an experiment of no seeds sweep.
 */
export function sweepFrontier(db: Database, experimentId: number): SweepFrontier | null {
  const runIds = new Set(cellRuns(db, experimentId).map((r) => r.id))
  if (runIds.size === 0) return null
  for (const summary of listSweeps(db)) {
    const sweep = getSweep(db, summary.id)
    if (!sweep?.cells.some((c) => c.outputs.some((o) => o.runId !== null && runIds.has(o.runId)))) continue
    const seed = firstSeedOf(summary.axes)
    const param = summary.axes.find((a) => a.key !== 'seed')?.key
    if (seed === null || param === undefined) return null
    const curves = frontierCurves(
      [{ name: summary.strategy.name, param, cells: mergeSeeds(sweep.cells) }],
      REPORT_X,
      REPORT_Y,
      seed,
    )
    const xs = curves.flatMap((c) => c.points.map((p) => p.x.mean))
    const matched = xs.length ? matchedTable(curves, (Math.min(...xs) + Math.max(...xs)) / 2) : null
    return {
      sweep,
      frontier: { curves, matched, x: REPORT_X, y: REPORT_Y },
      intervals: seedIntervals(sweep.cells, seed),
    }
  }
  return null
}
