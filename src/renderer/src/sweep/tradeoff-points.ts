import type { SweepTableRow } from '../../../core/sweep/sweep-table'

export type DiversityMeasure = 'selfBleu4' | 'distinct2'

export interface TradeoffPoint {
  label: string
  x: number
  y: number
}

/** One point per cell that has both its diversity measure and its mean log-probability. */
export function tradeoffPoints(rows: readonly SweepTableRow[], measure: DiversityMeasure): TradeoffPoint[] {
  return rows.flatMap((r) => {
    const x = r[measure]
    return x === null || r.meanLogProb === null ? [] : [{ label: r.label, x, y: r.meanLogProb }]
  })
}
