import { describe, expect, it } from 'vitest'
import { run, table } from '../testing/tables'
import type { RunResult } from '../types'
import { diffRuns } from './run-diff'

const vocab = ['<s>', 'a', 'b', 'c', '</s>']
const side = (r: RunResult) => ({ tree: r.tree, nodeId: r.sequences[0].nodeId })

describe('diffRuns', () => {
  const A = table('A', {
    vocab,
    rules: [
      { context: ['<s>'], next: { a: 0.5, b: 0.5 } },
      { context: ['<s>', 'a'], next: { a: 0.2, b: 0.8 } },
    ],
    default: { '</s>': 1 },
  })
  const B = table('B', {
    vocab,
    rules: [
      { context: ['<s>'], next: { a: 0.75, b: 0.25 } },
      { context: ['<s>', 'a'], next: { a: 0.6, b: 0.4 } },
    ],
    default: { '</s>': 1 },
  })

  it('finds the first differing step and the known KL and TV along the shared prefix', async () => {
    // Greedy: A gives a b </s>, B gives a a </s>: they part at step 1.
    const d = diffRuns(side(await run(A, 'greedy')), side(await run(B, 'greedy')))
    expect(d.firstDifference).toBe(1)
    expect(d.steps.map((s) => [s.step, s.shared, s.tokenA, s.tokenB])).toEqual([
      [0, 2, 1, 1],
      [1, 2, 2, 1],
    ])
    // Step 0: KL(A‖B) = ½ ln(0.5/0.75) + ½ ln(0.5/0.25) = ½ ln(4/3); KL(B‖A) = ¾ ln 1.5 + ¼ ln 0.5; TV = 0.25.
    expect(d.steps[0].klAB).toBeCloseTo(0.5 * Math.log(4 / 3), 14)
    expect(d.steps[0].klBA).toBeCloseTo(0.75 * Math.log(1.5) + 0.25 * Math.log(0.5), 14)
    expect(d.steps[0].tv).toBeCloseTo(0.25, 14)
    // Step 1: KL(A‖B) = 0.2 ln(1/3) + 0.8 ln 2; TV = 0.4.
    expect(d.steps[1].klAB).toBeCloseTo(0.2 * Math.log(1 / 3) + 0.8 * Math.log(2), 14)
    expect(d.steps[1].tv).toBeCloseTo(0.4, 14)
    expect(d.largestChosenDifference).toEqual({ step: 0, token: 1, probA: 0.5, probB: 0.75, difference: 0.25 })
  })

  it('lumps the tokens either run did not list into one outcome', async () => {
    const X = table('X', {
      vocab,
      rules: [{ context: ['<s>'], next: { a: 0.5, b: 0.3, c: 0.2 } }],
      default: { '</s>': 1 },
    })
    const Y = table('Y', {
      vocab,
      rules: [{ context: ['<s>'], next: { a: 0.4, b: 0.2, c: 0.4 } }],
      default: { '</s>': 1 },
    })
    // topN 1: each lists only a at the root: {a, rest} = {0.5, 0.5} against {0.4, 0.6}.
    const d = diffRuns(side(await run(X, 'greedy', { topN: 1 })), side(await run(Y, 'greedy', { topN: 1 })))
    expect(d.firstDifference).toBeNull()
    expect(d.steps[0].shared).toBe(1)
    expect(d.steps[0].klAB).toBeCloseTo(0.5 * Math.log(0.5 / 0.4) + 0.5 * Math.log(0.5 / 0.6), 14)
    expect(d.steps[0].tv).toBeCloseTo(0.1, 14)
    // Step 1 (after a): both give </s> probability 1.
    expect(d.steps[1]).toMatchObject({ klAB: 0, klBA: 0, tv: 0 })
    expect(d.largestChosenDifference).toMatchObject({ step: 0, difference: expect.closeTo(0.1, 14) })
  })

  it('is infinite where one run gives 0 to a token the other lists, and notes a run that ends first', async () => {
    const P = table('P', {
      vocab,
      rules: [{ context: ['<s>'], next: { a: 0.9, '</s>': 0.1 } }],
      default: { '</s>': 1 },
    })
    const Q = table('Q', {
      vocab,
      rules: [
        { context: ['<s>'], next: { a: 1 } },
        { context: ['<s>', 'a'], next: { a: 1 } },
      ],
      default: { '</s>': 1 },
    })
    const d = diffRuns(side(await run(P, 'greedy')), side(await run(Q, 'greedy', { maxTokens: 3 })))
    // P: a </s>; Q: a a a (stopped at maxTokens): they part at step 1.
    expect(d.firstDifference).toBe(1)
    // Step 0: P lists a, </s>; Q lists a only: shared {a}, rest 0.1 against 0.
    expect(d.steps[0].klAB).toBe(Infinity)
    expect(d.steps[0].klBA).toBeCloseTo(Math.log(1 / 0.9), 14)
    expect(d.steps[0].tv).toBeCloseTo(0.1, 14)
  })
})
