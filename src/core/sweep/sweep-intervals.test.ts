import { describe, expect, it } from 'vitest'
import { bootstrapMean } from '../stats/bootstrap'
import type { SweepCell } from './sweep-records'
import { cellIntervals, mergeSeeds, runMetricValues } from './sweep-intervals'
import { seq } from '../testing/sweep-sequence'

// Three runs (two prompts, the first under two seeds), each with two sequences.
const cell: SweepCell = {
  index: 0,
  values: { p: 0.9 },
  strategy: { name: 'nucleus', params: { p: 0.9, temperature: 1 } },
  outputs: [
    {
      prompt: 0,
      runId: 1,
      status: 'done',
      sequences: [seq([1, 2, 3, 4], -2, 2, 100, 1), seq([1, 2, 3, 4], -4, 2, 0, 0.5)],
    },
    { prompt: 0, runId: 2, status: 'done', sequences: [seq([5, 6], -3, 3, 0, 1), seq([7, 8], -3, 3, 0, 1)] },
    { prompt: 1, runId: 3, status: 'done', sequences: [seq([1, 1], -1, 1, 0, null), seq([1, 2], -1, 1, 0, 1)] },
    { prompt: 1, runId: null, status: 'pending', sequences: [] },
  ],
}

describe('sweep intervals', () => {
  it('measures each run on its own', () => {
    expect(runMetricValues(cell.outputs[0])).toMatchObject({
      meanLogProb: -1.5,
      selfBleu4: 1,
      repetitionPct: 50,
      distinct2: 0.75,
    })
    // Two texts with nothing in common: BLEU 0 each way.
    expect(runMetricValues(cell.outputs[1])).toMatchObject({
      meanLogProb: -1,
      selfBleu4: 0,
      repetitionPct: 0,
      distinct2: 1,
    })
  })

  it('bootstraps the mean over the finished runs under the recorded seed', () => {
    const ci = cellIntervals(cell, 9, 200)
    expect(ci.meanLogProb).toEqual(bootstrapMean([-1.5, -1, -1], { seed: 9, resamples: 200 }))
    expect(ci.meanLogProb!.mean).toBeCloseTo(-7 / 6, 14)
    expect(ci.meanLogProb!.n).toBe(3)
    // Resampled means of three values lie between the least and the greatest.
    expect(ci.meanLogProb!.low).toBeGreaterThanOrEqual(-1.5)
    expect(ci.meanLogProb!.high).toBeLessThanOrEqual(-1)
    expect(ci.repetitionPct).toMatchObject({ mean: 50 / 3, seed: 9, resamples: 200 })
  })
})

describe('mergeSeeds', () => {
  it('makes the cells that differ only in the seed one point, with every seed’s runs', () => {
    const c = (index: number, p: number, seed: number): SweepCell => ({
      index,
      values: { p, seed },
      strategy: { name: 'nucleus', params: { p, seed, temperature: 1 } },
      outputs: [{ prompt: 0, runId: index + 1, status: 'done', sequences: [] }],
    })
    const merged = mergeSeeds([c(0, 0.5, 7), c(1, 0.5, 8), c(2, 0.9, 7), c(3, 0.9, 8)])
    expect(merged.map((m) => [m.index, m.values, m.outputs.map((o) => o.runId)])).toEqual([
      [0, { p: 0.5 }, [1, 2]],
      [1, { p: 0.9 }, [3, 4]],
    ])
  })
})
