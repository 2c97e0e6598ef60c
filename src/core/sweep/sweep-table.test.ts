import { describe, expect, it } from 'vitest'
import { sweepTableRows } from './sweep-table'
import { seq } from '../testing/sweep-sequence'

describe('sweepTableRows', () => {
  it('pools every prompt of a cell: per-token perplexity, Self-BLEU-4 and Zipf over all its texts, Repetition % and distinct-2 as means', () => {
    const [a, b] = sweepTableRows([
      {
        index: 0,
        values: { p: 0.5, temperature: 0.7 },
        strategy: { name: 'nucleus', params: { p: 0.5, temperature: 0.7 } },
        outputs: [
          { prompt: 0, runId: 1, status: 'done', sequences: [seq([1, 2, 3, 4], -2, 2, 100, 1)] },
          { prompt: 1, runId: 2, status: 'done', sequences: [seq([1, 2, 3, 4], -4, 2, 0, 0.5)] },
        ],
      },
      {
        index: 1,
        values: { p: 0.9, temperature: 0.7 },
        strategy: { name: 'nucleus', params: { p: 0.9, temperature: 0.7 } },
        outputs: [
          { prompt: 0, runId: 3, status: 'done', sequences: [seq([5, 5, 6], -3, 3, 0, null)] },
          { prompt: 1, runId: null, status: 'pending', sequences: [] },
        ],
      },
    ])
    // (−2 − 4) / (2 + 2) = −1.5 per token; two identical texts have Self-BLEU 1; four tokens twice each: a flat Zipf line.
    expect(a).toMatchObject({
      index: 0,
      label: 'p=0.5,temperature=0.7',
      sequences: 2,
      done: 2,
      outputs: 2,
      meanLogProb: -1.5,
      selfBleu4: 1,
      repetitionPct: 50,
      distinct2: 0.75,
    })
    expect(a.perplexity).toBeCloseTo(Math.exp(1.5), 12)
    expect(a.zipf).toBeCloseTo(0, 12)
    // Counts 2 and 1 at ranks 1 and 2: slope (0 − ln 2) / (ln 2 − 0) = −1, so s = 1; one text has no Self-BLEU.
    expect(b).toMatchObject({
      label: 'p=0.9,temperature=0.7',
      sequences: 1,
      done: 1,
      outputs: 2,
      meanLogProb: -1,
      selfBleu4: null,
      repetitionPct: 0,
      distinct2: null,
    })
    expect(b.perplexity).toBeCloseTo(Math.E, 12)
    expect(b.zipf).toBeCloseTo(1, 12)
  })

  it('leaves every metric empty for a cell with no finished run', () => {
    const [row] = sweepTableRows([
      {
        index: 0,
        values: { width: 2 },
        strategy: { name: 'beam', params: { width: 2 } },
        outputs: [{ prompt: 0, runId: null, status: 'pending', sequences: [] }],
      },
    ])
    expect(row).toEqual({
      index: 0,
      label: 'width=2',
      sequences: 0,
      done: 0,
      outputs: 1,
      meanLogProb: null,
      perplexity: null,
      selfBleu4: null,
      zipf: null,
      repetitionPct: null,
      distinct2: null,
    })
  })
})
