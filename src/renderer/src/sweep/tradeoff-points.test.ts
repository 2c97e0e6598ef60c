import { describe, expect, it } from 'vitest'
import type { SweepTableRow } from '../../../core/sweep/sweep-table'
import { tradeoffPoints } from './tradeoff-points'

const row = (
  label: string,
  meanLogProb: number | null,
  selfBleu4: number | null,
  distinct2: number | null,
): SweepTableRow => ({
  index: 0,
  label,
  sequences: 2,
  done: 1,
  outputs: 1,
  meanLogProb,
  perplexity: meanLogProb === null ? null : Math.exp(-meanLogProb),
  selfBleu4,
  zipf: null,
  repetitionPct: 0,
  distinct2,
})

describe('tradeoffPoints', () => {
  const rows = [row('p=0.5', -0.5, 0.9, 0.4), row('p=0.9', -1.2, null, 0.8), row('p=1', null, 0.1, 0.9)]
  it('plots mean log-prob against the chosen diversity measure, leaving out cells without both', () => {
    expect(tradeoffPoints(rows, 'selfBleu4')).toEqual([{ label: 'p=0.5', x: 0.9, y: -0.5 }])
    expect(tradeoffPoints(rows, 'distinct2')).toEqual([
      { label: 'p=0.5', x: 0.4, y: -0.5 },
      { label: 'p=0.9', x: 0.8, y: -1.2 },
    ])
  })
})
