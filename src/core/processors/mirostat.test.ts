// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { mirostatCandidates, mirostatK, mirostatStart, mirostatUpdate } from './mirostat'
import { cand, LLAMA } from './testing'
import { refusal } from '../testing/refusal'

// {0.4, 0.3, 0.2, 0.1}: t_i = ln 2, ln 1.5, ln(4/3); b_i = ln(4/3), ln 1.5, ln 2.
// Σ t·b = 2 × 0.693147 × 0.287682 + 0.405465² = 0.563215; Σ t² = 0.727616; ŝ = 0.774054, ε̂ = −0.225946.
describe('mirostatK (Mirostat 1)', () => {
  it('n = 4: k = (ε̂ 2^μ / (1 − 4^0.225946))^(1/ŝ) = (0.613401 × 2^μ)^1.291899', () => {
    expect(mirostatK(cand(LLAMA), 2, 4)).toBe(3) // 3.194301
    expect(mirostatK(cand(LLAMA), 1, 4)).toBe(1) // 1.304594
    expect(mirostatK(cand(LLAMA), 3, 4)).toBe(7) // 7.821253, more than the 4 tokens
    // n = 32000: 1 − 32000^0.225946 = −9.43; k = 0.048394 → at least 1.
    expect(mirostatK(cand(LLAMA), 2, 32000)).toBe(1)
  })

  it('one candidate keeps it', () => {
    expect(mirostatK(cand([1]), 10, 4)).toBe(1)
  })
})

describe('mirostatCandidates', () => {
  it('Mirostat 1 keeps the top k, renormalised', () => {
    const out = mirostatCandidates(cand(LLAMA), 2, { version: 1, vocabSize: 4 })
    expect(Array.from(out.ids)).toEqual([3, 2, 1])
    ;[4 / 9, 3 / 9, 2 / 9].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 12))
    expect(Array.from(mirostatCandidates(cand(LLAMA), 10, { version: 1, vocabSize: 4 }).ids)).toEqual([3, 2, 1, 0])
  })

  it('Mirostat 2 keeps the tokens of surprise at most μ', () => {
    // −log₂ p: 0.4 → 1.321928, 0.3 → 1.736966, 0.2 → 2.321928, 0.1 → 3.321928.
    const out = mirostatCandidates(cand(LLAMA), 2, { version: 2, vocabSize: 4 })
    expect(Array.from(out.ids)).toEqual([3, 2])
    ;[4 / 7, 3 / 7].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 12))
    expect(Array.from(mirostatCandidates(cand(LLAMA), 10, { version: 2, vocabSize: 4 }).ids)).toEqual([3, 2, 1, 0])
    // μ below every surprise still keeps the most probable token.
    expect(Array.from(mirostatCandidates(cand(LLAMA), 0.5, { version: 2, vocabSize: 4 }).ids)).toEqual([3])
  })
})

describe('mirostat state', () => {
  it('starts at 2τ and moves by η × (τ − surprise)', () => {
    expect(mirostatStart(5)).toBe(10)
    // τ = 1, μ = 2, the 0.4 token drawn from {4/7, 3/7}: surprise −log₂(4/7) = 0.807355, μ = 2 − 0.1 × (−0.192645) = 2.019265.
    expect(mirostatUpdate(2, 4 / 7, 1, 0.1)).toBeCloseTo(2.019265, 6)
    // Mirostat 1 at μ = 2 on {4/9, 3/9, 2/9}: drawing 4/9 (surprise 1.169925) gives 1.983007; 2/9 gives 1.883007.
    expect(mirostatUpdate(2, 4 / 9, 1, 0.1)).toBeCloseTo(1.983007, 6)
    expect(mirostatUpdate(2, 2 / 9, 1, 0.1)).toBeCloseTo(1.883007, 6)
  })

  it.each([
    [3, 5, 0.1, /mirostat must be <= 2/],
    [1, -1, 0.1, /mirostatTau must be >= 0/],
    [2, 5, NaN, /mirostatEta must be a finite number/],
  ])('rejects mirostat %s, τ %s, η %s', (v, tau, eta, message) => {
    expect(refusal({ mirostat: v, mirostatTau: tau, mirostatEta: eta })).toMatch(message)
  })
})
