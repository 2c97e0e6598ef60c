import type { MatchedTable } from '../sweep/frontier'
import { INTERVAL_METRICS } from '../sweep/sweep-intervals'
import type { SeedIntervals } from '../sweep/sweep-seeds'
import { cellLabel } from '../sweep/sweep-table'
import { textCell } from './csv'

const num = (v: number | null | undefined): string =>
  v === null || v === undefined ? '' : Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf'

/** A seeds sweep's intervals: one row per point, each metric's mean, low and high, and the bootstrap that made them. */
export function intervalsCsv(strategy: string, intervals: SeedIntervals): string {
  const { seed, resamples, level } = intervals.bootstrap
  const header = [
    'strategy',
    'values',
    'runs',
    ...INTERVAL_METRICS.flatMap((m) => [m, `${m}_low`, `${m}_high`]),
    'bootstrap_seed',
    'resamples',
    'level',
  ]
  const rows = intervals.points.map((p) => [
    textCell(strategy),
    textCell(cellLabel(p.values)),
    String(p.runs),
    ...INTERVAL_METRICS.flatMap((m) => [num(p.metrics[m]?.mean), num(p.metrics[m]?.low), num(p.metrics[m]?.high)]),
    String(seed),
    String(resamples),
    String(level),
  ])
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n'
}

/** The matched comparison: each family at the level, then every pair's difference and whether it exceeds the intervals. */
export function matchedCsv(table: MatchedTable, x: string, y: string): string {
  const lines = [
    ['family', 'parameter', 'parameter_at_level', `${x}_level`, y, `${y}_low`, `${y}_high`, 'ambiguous', 'method'].join(
      ',',
    ),
    ...table.rows.map((r) =>
      [
        textCell(r.label),
        textCell(r.param),
        num(r.matched?.param),
        num(table.level),
        num(r.matched?.y),
        num(r.matched?.yLow),
        num(r.matched?.yHigh),
        r.matched ? String(r.matched.ambiguous) : '',
        textCell(table.method),
      ].join(','),
    ),
    '',
    ['a', 'b', 'difference', 'larger_than_intervals'].join(','),
    ...table.differences.map((d) => [textCell(d.a), textCell(d.b), num(d.difference), String(d.separated)].join(',')),
  ]
  return lines.join('\n') + '\n'
}
