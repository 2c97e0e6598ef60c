// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { xtc } from './xtc'
import { cand, expectApply, expectNoMutation, LLAMA } from './testing'
import { refusal } from '../testing/refusal'

/** A generator that returns these values in turn and counts its draws. */
function scripted(...values: number[]): (() => number) & { draws: number } {
  const f = Object.assign(() => values[f.draws++ % values.length], { draws: 0 })
  return f
}

describe('xtc (llama.cpp test-sampling.cpp cases, probability 0.99)', () => {
  it.each([
    // threshold, kept ids, renormalised: ids 3, 2, 1, 0 have 0.4, 0.3, 0.2, 0.1.
    [0.09, [0], [1]], // all four clear it: the three above 0.1 go
    [0.19, [1, 0], [2 / 3, 1 / 3]], // 0.4, 0.3 go; 0.2 is the last at or above it and stays
    [0.29, [2, 1, 0], [0.5, 1 / 3, 1 / 6]], // 0.4 goes
    [0.39, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]], // only 0.4 clears it: nothing to exclude
  ])('threshold %s', (t, ids, expected) => {
    expectApply(xtc(0.99, t, scripted(0.5)), cand(LLAMA), ids, expected)
  })
})

describe('xtc and its generator', () => {
  it('acts only when the draw is at most the probability', () => {
    // 0.3 ≤ 0.5 acts; 0.7 > 0.5 does not.
    expectApply(xtc(0.5, 0.29, scripted(0.3)), cand(LLAMA), [2, 1, 0], [0.5, 1 / 3, 1 / 6])
    expectApply(xtc(0.5, 0.29, scripted(0.7)), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1])
    // Probability 1 always acts, whatever the draw.
    expectApply(xtc(1, 0.29, scripted(0.999999)), cand(LLAMA), [2, 1, 0], [0.5, 1 / 3, 1 / 6])
  })

  it('draws nothing when it cannot act: probability 0, threshold above 0.5, a single token', () => {
    for (const [p, t, c] of [
      [0, 0.1, cand(LLAMA)],
      [1, 0.51, cand(LLAMA)],
      [1, 0.1, cand([1])],
    ] as const) {
      const random = scripted(0)
      xtc(p, t, random).apply(c)
      expect(random.draws).toBe(0)
    }
    const random = scripted(0)
    xtc(1, 0.1, random).apply(cand(LLAMA))
    expect(random.draws).toBe(1)
  })

  it('keeps the unknown rest of a partial distribution among what remains', () => {
    // 0.5, 0.3 listed, 0.2 unknown; threshold 0.25: 0.5 goes; 0.3 and 0.2 remain → 0.6, 0.4.
    const out = xtc(1, 0.25, scripted(0)).apply(cand([0.5, 0.3], 0.2))
    expect(Array.from(out.ids)).toEqual([1])
    expect(out.probs[0]).toBeCloseTo(0.6, 12)
    expect(out.otherMass).toBeCloseTo(0.4, 12)
  })

  it.each([
    [-0.1, 0.1, /xtcProbability must be in \[0, 1\]/],
    [1.5, 0.1, /xtcProbability must be in \[0, 1\]/],
    [0.5, -1, /xtcThreshold must be (in \[0, 1\]|a finite number)/],
    [0.5, NaN, /xtcThreshold must be (in \[0, 1\]|a finite number)/],
  ])('rejects probability %s, threshold %s', (p, t, message) => {
    expect(refusal({ xtcProbability: p, xtcThreshold: t })).toMatch(message)
  })

  it('never mutates its input', () => {
    expectNoMutation(xtc(1, 0.1, scripted(0)), [])
  })
})
