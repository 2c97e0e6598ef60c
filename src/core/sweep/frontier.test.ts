import { describe, expect, it } from 'vitest'
import type { Interval } from '../stats/bootstrap'
import { type FrontierCurve, frontierCurves, matchedTable } from './frontier'
import type { SweepCell, SweepSequence } from './sweep-records'

const iv = (mean: number, half: number): Interval => ({
  mean,
  low: mean - half,
  high: mean + half,
  n: 3,
  seed: 1,
  resamples: 100,
  level: 0.95,
})

describe('matchedTable', () => {
  const curves: FrontierCurve[] = [
    {
      label: 'nucleus',
      param: 'p',
      points: [
        { param: 0.5, x: iv(0.6, 0.01), y: iv(-1, 0.1) },
        { param: 0.9, x: iv(0.2, 0.01), y: iv(-3, 0.1) },
      ],
    },
    {
      label: 'minp',
      param: 'p',
      points: [
        { param: 0.05, x: iv(0.1, 0.01), y: iv(-2.5, 0.5) },
        { param: 0.3, x: iv(0.5, 0.01), y: iv(-0.5, 0.5) },
      ],
    },
    { label: 'topk', param: 'k', points: [{ param: 10, x: iv(0.7, 0.01), y: iv(-1, 0.1) }] },
  ]

  it('reads each family at the level along its own curve, and says which differences exceed their intervals', () => {
    const t = matchedTable(curves, 0.4)
    // nucleus: t = (0.4 − 0.6)/(0.2 − 0.6) = 0.5 → y −2 ± 0.1, p 0.7. minp: t = (0.4 − 0.1)/0.4 = 0.75 → y −1 ± 0.5.
    expect(t.rows[0].matched!.y).toBeCloseTo(-2, 12)
    expect(t.rows[0].matched!.param).toBeCloseTo(0.7, 12)
    expect(t.rows[1].matched!.y).toBeCloseTo(-1, 12)
    expect(t.rows[1].matched!.yLow).toBeCloseTo(-1.5, 12)
    expect(t.rows[2].matched).toBeNull()
    expect(t.differences).toHaveLength(1)
    expect(t.differences[0]).toMatchObject({ a: 'nucleus', b: 'minp', separated: true })
    expect(t.differences[0].difference).toBeCloseTo(-1, 12)
    expect(t.method).toContain('linear')
    // At 0.3 nucleus reads −2.5 ± 0.1 and minp −1.5 ± 0.5: the intervals [−2.6, −2.4] and [−2, −1] still part.
    expect(matchedTable(curves, 0.3).differences[0].separated).toBe(true)
    // minp was measured up to x = 0.5 only: at 0.55 it has no value, nucleus still has one.
    expect(matchedTable(curves, 0.55).rows[0].matched!.y).toBeCloseTo(-1.25, 12)
    expect(matchedTable(curves, 0.55).rows[1].matched).toBeNull()
  })
})

function seq(textIds: number[], logLikelihood: number, length: number): SweepSequence {
  const metrics = {
    logLikelihood,
    length,
    repetitionPct: 0,
    distinct2: null,
    meanLogProb: logLikelihood / length,
    perplexity: null,
    meanEntropy: null,
    surprisalVariance: null,
    distinct1: null,
    distinct3: null,
  }
  return { text: textIds.join(' '), textIds, metrics }
}

describe('frontierCurves', () => {
  it('traces one curve per value of the other axes, in parameter order', () => {
    const cell = (index: number, p: number, temperature: number, ll: number): SweepCell => ({
      index,
      values: { p, temperature },
      strategy: { name: 'nucleus', params: { p, temperature } },
      outputs: [{ prompt: 0, runId: index + 1, status: 'done', sequences: [seq([1, 2], ll, 2), seq([3, 4], ll, 2)] }],
    })
    const curves = frontierCurves(
      [{ name: 'nucleus', param: 'p', cells: [cell(0, 0.9, 1, -4), cell(1, 0.5, 1, -2), cell(2, 0.5, 0.7, -1)] }],
      'selfBleu4',
      'meanLogProb',
      7,
    )
    expect(curves.map((c) => [c.label, c.points.map((p) => p.param)])).toEqual([
      ['nucleus temperature=1', [0.5, 0.9]],
      ['nucleus temperature=0.7', [0.5]],
    ])
    expect(curves[0].points.map((p) => [p.x.mean, p.y.mean])).toEqual([
      [0, -1],
      [0, -2],
    ])
  })
})
