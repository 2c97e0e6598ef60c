// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { epsilon, eta, minP, topNSigma, typicalP } from './truncation'
import { cand, expectApply, expectNoMutation, fromLogits, LLAMA } from './testing'
import { refusal } from '../testing/refusal'

describe('minP', () => {
  it.each([
    // minP, threshold = minP × 0.4, kept ids, renormalised
    [0.2, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]], // 0.08: all
    [0.25, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]], // 0.1: 0.1 ≥ 0.1 stays
    [0.5, [3, 2, 1], [4 / 9, 3 / 9, 2 / 9]], // 0.2: sum 0.9
    [0.6, [3, 2], [4 / 7, 3 / 7]], // 0.24: sum 0.7
    [0.8, [3], [1]], // 0.32
    [1, [3], [1]], // 0.4
    [0, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]], // disabled
  ])('minP = %s on {0.1, 0.2, 0.3, 0.4}', (m, ids, expected) => {
    expectApply(minP(m), cand(LLAMA), ids, expected)
  })

  it('flags a threshold that the unknown rest could clear', () => {
    // 0.5, 0.2 listed, 0.3 unknown: minP 0.5 → threshold 0.25 ≤ 0.3, a hidden token might pass.
    expect(minP(0.5).apply(cand([0.5, 0.2], 0.3)).cutBeyondKnown).toBe(true)
    // minP 0.8 → 0.4 > 0.3: no hidden token can pass; keeps 0.5 alone.
    const out = minP(0.8).apply(cand([0.5, 0.2], 0.3))
    expect(out.cutBeyondKnown).toBe(false)
    expect(Array.from(out.ids)).toEqual([0])
  })

  it.each([-0.1, 1.1, NaN])('rejects %s', (m) => {
    expect(refusal({ minP: m })).toMatch(/minP must be (in \[0, 1\]|a finite number)/)
  })
})

describe('epsilon', () => {
  it.each([
    [0.05, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]],
    [0.15, [3, 2, 1], [4 / 9, 3 / 9, 2 / 9]], // drops 0.1
    [0.25, [3, 2], [4 / 7, 3 / 7]], // drops 0.2
    [0.35, [3], [1]],
    [0.9, [3], [1]], // the most probable always stays
  ])('epsilon = %s on {0.1, 0.2, 0.3, 0.4}', (e, ids, expected) => {
    expectApply(epsilon(e), cand(LLAMA), ids, expected)
  })

  it.each([1, -0.1])('rejects %s: the range is [0, 1)', (e) => {
    expect(refusal({ epsilon: e })).toMatch(/epsilon must be in \[0, 1\)/)
  })
})

describe('eta', () => {
  // H{0.1, 0.2, 0.3, 0.4} = −(0.1 ln 0.1 + 0.2 ln 0.2 + 0.3 ln 0.3 + 0.4 ln 0.4)
  //   = 0.230259 + 0.321888 + 0.361192 + 0.366516 = 1.279854; e^(−H) = 0.278078.
  it('eta = 0.25: the entropy term binds, η = min(0.25, 0.5 × 0.278078 = 0.139039) = 0.139039', () => {
    // Keeps 0.2, which epsilon = 0.25 drops.
    expectApply(eta(0.25), cand(LLAMA), [3, 2, 1], [4 / 9, 3 / 9, 2 / 9])
  })

  it('eta = 0.2: η = min(0.2, 0.447214 × 0.278078 = 0.124360) → drops 0.1 only', () => {
    expectApply(eta(0.2), cand(LLAMA), [3, 2, 1], [4 / 9, 3 / 9, 2 / 9])
  })

  it('eta = 0.1: η = min(0.1, 0.316228 × 0.278078 = 0.087936) = 0.087936 → keeps all', () => {
    expectApply(eta(0.1), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1])
  })

  it('a peaked distribution: ε binds', () => {
    // {0.05, 0.05, 0.1, 0.8}: H = 2 × 0.05 × 2.995732 + 0.1 × 2.302585 + 0.8 × 0.223144 = 0.708347,
    // e^(−H) = 0.492458; ε = 0.09: η = min(0.09, 0.3 × 0.492458 = 0.147737) = 0.09 → keeps 0.8, 0.1.
    expectApply(eta(0.09), cand([0.05, 0.05, 0.1, 0.8]), [3, 2], [0.8 / 0.9, 0.1 / 0.9])
  })

  it('warns that the entropy of a partial distribution is approximate', () => {
    expect(eta(0.1).apply(cand([0.5, 0.2], 0.3)).warnings).toEqual([
      'eta: the entropy of a partial distribution is approximate (its unknown rest counts as one token)',
    ])
    expect(eta(0.1).apply(cand(LLAMA)).warnings).toBeUndefined()
  })

  it.each([1, -0.5])('rejects %s', (e) => {
    expect(refusal({ eta: e })).toMatch(/eta must be in \[0, 1\)/)
  })
})

describe('typicalP', () => {
  // H = 1.279854 (see eta). −ln p: 0.1 → 2.302585, 0.2 → 1.609438, 0.3 → 1.203973, 0.4 → 0.916291.
  // |−ln p − H|: 0.1 → 1.022731, 0.2 → 0.329584, 0.3 → 0.075881, 0.4 → 0.363563.
  // Most typical first: id 2 (0.3), id 1 (0.2), id 3 (0.4), id 0 (0.1); cumulative 0.3, 0.5, 0.9, 1.0.
  it.each([
    [0.2, [2], [1]], // 0.3 ≥ 0.2
    [0.3, [2], [1]],
    [0.5, [2, 1], [0.6, 0.4]], // drops the most probable token, 0.4
    [0.6, [3, 2, 1], [4 / 9, 3 / 9, 2 / 9]], // back in ranking order
    [0.95, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]],
    [1, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]], // disabled
  ])('typicalP = %s on {0.1, 0.2, 0.3, 0.4}', (m, ids, expected) => {
    expectApply(typicalP(m), cand(LLAMA), ids, expected)
  })

  it('keeps ties with the last typical score', () => {
    // {0.25 × 4}: every score is |ln 4 − ln 4| = 0; mass 0.3 keeps all four.
    expectApply(typicalP(0.3), cand([0.25, 0.25, 0.25, 0.25]), [0, 1, 2, 3], [0.25, 0.25, 0.25, 0.25])
  })

  it('warns on a partial distribution', () => {
    expect(typicalP(0.5).apply(cand([0.5, 0.2], 0.3)).warnings).toEqual([
      'typicalP: the entropy of a partial distribution is approximate (its unknown rest counts as one token)',
    ])
  })

  it.each([0, 1.5])('rejects %s', (m) => {
    expect(refusal({ typicalP: m })).toMatch(/typicalP must be in \(0, 1\]/)
  })
})

describe('topNSigma', () => {
  // Logits 0, 1, 2, 3 for ids 0…3: mean 1.5, σ = √((2.25 + 0.25 + 0.25 + 2.25)/4) = √1.25 = 1.118034.
  // Softmax: e^3/Z = 0.643914, e^2/Z = 0.236883, e/Z = 0.087144, 1/Z = 0.032059 (Z = 31.193819).
  const logits = [0, 1, 2, 3]
  it.each([
    [0.5, [3], [1]], // cut 3 − 0.559017 = 2.440983
    [1, [3, 2], [Math.E / (Math.E + 1), 1 / (Math.E + 1)]], // cut 1.881966: e³/(e³ + e²) = 0.731059
    [2, [3, 2, 1], [0.643914 / 0.967941, 0.236883 / 0.967941, 0.087144 / 0.967941]], // cut 0.763932
    [3, [3, 2, 1, 0], [0.643914, 0.236883, 0.087144, 0.032059]], // cut −0.354102
  ])('n = %s on logits {0, 1, 2, 3}', (n, ids, expected) => {
    const out = topNSigma(n).apply(fromLogits(logits))
    expect(Array.from(out.ids)).toEqual(ids)
    expected.forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 5))
  })

  it('n = 0 is disabled', () => {
    expectApply(topNSigma(0), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1])
  })

  it('is blind to temperature: σ and the cut scale together', () => {
    // Logits 0, 0.5, 1, 1.5 (the same at temperature 2): n = 1 still keeps ids 3, 2.
    expect(Array.from(topNSigma(1).apply(fromLogits([0, 0.5, 1, 1.5])).ids)).toEqual([3, 2])
  })

  it.each([-1, Infinity, NaN])('rejects %s', (n) => {
    expect(refusal({ topNSigma: n })).toMatch(/topNSigma must be (>= 0|a finite number)/)
  })
})

describe('truncations never mutate their input', () => {
  it.each([
    ['minP', minP(0.3)],
    ['epsilon', epsilon(0.12)],
    ['eta', eta(0.2)],
    ['typicalP', typicalP(0.5)],
    ['topNSigma', topNSigma(1)],
  ])('%s', (_, p) => expectNoMutation(p, [0, 1]))
})
