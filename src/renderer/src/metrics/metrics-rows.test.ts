import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../../core/records'
import { logLikelihoodHistogram, runRows, sequenceRows } from './metrics-rows'

const seqMetrics = (repetitionPct: number, length: number) => ({
  logLikelihood: -1,
  meanLogProb: -1 / length,
  perplexity: Math.exp(1 / length),
  meanEntropy: 0.5,
  surprisalVariance: 0.1,
  repetitionPct,
  distinct1: 1,
  distinct2: 1,
  distinct3: null,
  length,
  steps: [],
})

const run = (id: number, reps: number[]): RunDetail =>
  ({
    id,
    strategy: { name: 'nucleus', params: { p: 0.9, seed: 1 } },
    modelKind: 'gguf',
    // The text column shows the tokens, a newline as ⏎.
    sequences: reps.map((_, i) => ({ tokens: [`s${i}`, '\n'] })),
    metrics: { sequences: reps.map((r) => seqMetrics(r, 4)), selfBleu4: 0.25, zipf: 1.1, searchGap: null },
  }) as unknown as RunDetail

describe('metrics rows', () => {
  it('gives one row per sequence and Repetition % as the mean over a run', () => {
    const runs = [run(1, [100, 0, 0, 100]), { id: 2 } as RunDetail]
    expect(sequenceRows(runs).map((r) => [r.runId, r.sequence, r.text, r.repetitionPct])).toEqual([
      [1, 1, 's0⏎', 100],
      [1, 2, 's1⏎', 0],
      [1, 3, 's2⏎', 0],
      [1, 4, 's3⏎', 100],
    ])
    expect(runRows(runs)).toEqual([
      {
        runId: 1,
        strategy: 'nucleus:p=0.9,seed=1',
        sequences: 4,
        repetitionPct: 50,
        selfBleu4: 0.25,
        zipf: 1.1,
        searchGap: null,
      },
    ])
  })

  it('bins log-likelihoods between the lowest and the highest', () => {
    // Range −4..0 in 4 bins of width 1: −4 and −3.5 in the first, −2 in the third, 0 (the top edge) in the last.
    expect(logLikelihoodHistogram([-4, -3.5, -2, 0], 4)).toEqual([
      { from: -4, to: -3, count: 2 },
      { from: -3, to: -2, count: 0 },
      { from: -2, to: -1, count: 1 },
      { from: -1, to: 0, count: 1 },
    ])
    expect(logLikelihoodHistogram([-1, -1], 4)).toEqual([{ from: -1, to: -1, count: 2 }])
    expect(logLikelihoodHistogram([-Infinity], 4)).toEqual([])
  })
})

describe('logLikelihoodHistogram of 100,000 samples', () => {
  it('spans the lowest to the highest without overflowing the stack', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => 0 - (i % 1000) / 100)
    const bins = logLikelihoodHistogram(values)
    expect(bins[0].from).toBe(-9.99)
    expect(bins[bins.length - 1].to).toBe(0)
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(100_000)
  })
})
