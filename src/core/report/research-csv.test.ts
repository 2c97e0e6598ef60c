import { describe, expect, it } from 'vitest'
import type { Interval } from '../stats/bootstrap'
import { matchedTable } from '../sweep/frontier'
import { intervalsCsv, matchedCsv } from './research-csv'

const iv = (mean: number, half: number): Interval => ({
  mean,
  low: mean - half,
  high: mean + half,
  n: 3,
  seed: 1,
  resamples: 100,
  level: 0.95,
})

describe('research CSV', () => {
  it('writes a seeds sweep’s intervals, one row per point', () => {
    const csv = intervalsCsv('nucleus', {
      bootstrap: { method: 'percentile', seed: 5, resamples: 1000, level: 0.95, over: 'prompts × seeds' },
      points: [
        {
          values: { p: 0.5 },
          runs: 3,
          metrics: {
            meanLogProb: { mean: -1, low: -1.5, high: -0.5, n: 3 },
            perplexity: null,
            selfBleu4: null,
            zipf: null,
            repetitionPct: null,
            distinct2: null,
          },
        },
      ],
    })
    const [header, row] = csv.trim().split('\n')
    expect(header.split(',').slice(0, 6)).toEqual([
      'strategy',
      'values',
      'runs',
      'meanLogProb',
      'meanLogProb_low',
      'meanLogProb_high',
    ])
    // Five metrics without a value leave 15 empty cells.
    expect(row).toBe(
      ['nucleus', 'p=0.5', '3', '-1', '-1.5', '-0.5', ...new Array(15).fill(''), '5', '1000', '0.95'].join(','),
    )
  })

  it('writes the matched table and its differences', () => {
    const t = matchedTable(
      [
        {
          label: 'nucleus',
          param: 'p',
          points: [
            { param: 0.5, x: iv(0.6, 0), y: iv(-1, 0.1) },
            { param: 0.9, x: iv(0.2, 0), y: iv(-3, 0.1) },
          ],
        },
        {
          label: 'minp',
          param: 'p',
          points: [
            { param: 0.1, x: iv(0.1, 0), y: iv(-2, 0.1) },
            { param: 0.3, x: iv(0.5, 0), y: iv(-2, 0.1) },
          ],
        },
      ],
      0.4,
    )
    const lines = matchedCsv(t, 'selfBleu4', 'meanLogProb').trim().split('\n')
    expect(lines[1].split(',').slice(0, 7)).toEqual(['nucleus', 'p', '0.7', '0.4', '-2', '-2.1', '-1.9'])
    expect(lines[4]).toBe('a,b,difference,larger_than_intervals')
    expect(lines[5]).toBe('nucleus,minp,0,false')
  })
})
