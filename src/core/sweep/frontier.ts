import { separated, type Interval } from '../stats/bootstrap'
import { INTERPOLATION_METHOD, matchAtLevel, type MatchedValue } from '../stats/matched-level'
import type { SweepCell } from './sweep-records'
import { cellIntervals, type IntervalMetric } from './sweep-intervals'

/** One family traced along one parameter: a sweep's cells that differ only in `param`. */
export interface FrontierCurve {
  /** e.g. "nucleus" or "nucleus temperature=0.7" when the sweep has other axes. */
  label: string
  param: string
  points: { param: number; x: Interval; y: Interval }[]
}

export interface FrontierSweep {
  /** The strategy family, e.g. "nucleus". */
  name: string
  /** The parameter traced; the sweep's other axes split it into one curve per combination. */
  param: string
  cells: readonly SweepCell[]
}

/**
 * The frontier chart's curves: each cell's mean and interval of metrics x (diversity) and y
 * (quality), all under one bootstrap seed. A cell with no value for x or y is left out.
 */
export function frontierCurves(
  sweeps: readonly FrontierSweep[],
  x: IntervalMetric,
  y: IntervalMetric,
  seed: number,
  resamples?: number,
): FrontierCurve[] {
  const curves = new Map<string, FrontierCurve>()
  for (const sweep of sweeps) {
    for (const cell of sweep.cells) {
      if (!(sweep.param in cell.values)) continue
      const rest = Object.entries(cell.values).filter(([k]) => k !== sweep.param)
      const label = [sweep.name, ...rest.map(([k, v]) => `${k}=${v}`)].join(' ')
      const ci = cellIntervals(cell, seed, resamples)
      const [xi, yi] = [ci[x], ci[y]]
      if (!xi || !yi) continue
      let curve = curves.get(label)
      if (!curve) curves.set(label, (curve = { label, param: sweep.param, points: [] }))
      curve.points.push({ param: cell.values[sweep.param], x: xi, y: yi })
    }
  }
  for (const c of curves.values()) c.points.sort((a, b) => a.param - b.param)
  return [...curves.values()]
}

export interface MatchedRow {
  label: string
  param: string
  matched: MatchedValue | null
}

export interface MatchedTable {
  level: number
  method: string
  rows: MatchedRow[]
  /** Every pair of families read at the level, and whether their quality intervals do not overlap. */
  differences: { a: string; b: string; difference: number; separated: boolean }[]
}

/** Every family's quality at one diversity level, interpolated along its own curve (INTERPOLATION_METHOD). */
export function matchedTable(curves: readonly FrontierCurve[], level: number): MatchedTable {
  const rows = curves.map((c) => ({
    label: c.label,
    param: c.param,
    matched: matchAtLevel(
      c.points.map((p) => ({ param: p.param, x: p.x.mean, y: p.y.mean, yLow: p.y.low, yHigh: p.y.high })),
      level,
    ),
  }))
  const read = rows.filter((r) => r.matched !== null)
  const differences = read.flatMap((a, i) =>
    read.slice(i + 1).map((b) => {
      const [ma, mb] = [a.matched as MatchedValue, b.matched as MatchedValue]
      const bounds = (m: MatchedValue) => ({ low: m.yLow ?? m.y, high: m.yHigh ?? m.y })
      return { a: a.label, b: b.label, difference: ma.y - mb.y, separated: separated(bounds(ma), bounds(mb)) }
    }),
  )
  return { level, method: INTERPOLATION_METHOD, rows, differences }
}
