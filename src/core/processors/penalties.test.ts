// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { frequencyPenalty, presencePenalty, repetitionPenalty } from './penalties'
import { logitBias } from './logit-bias'
import { cand, expectApply, expectNoMutation, fromLogits, LLAMA } from './testing'
import { refusal } from '../testing/refusal'

describe('repetitionPenalty', () => {
  it('θ = 2 squares the probability of a token in the context: 0.4 → 0.16', () => {
    // Context holds id 3 (0.4): 0.4² = 0.16; sum 0.1 + 0.2 + 0.3 + 0.16 = 0.76.
    // New ranking: id 2 0.3/0.76, id 1 0.2/0.76, id 3 0.16/0.76, id 0 0.1/0.76.
    expectApply(repetitionPenalty(2), cand(LLAMA), [2, 1, 3, 0], [0.3 / 0.76, 0.2 / 0.76, 0.16 / 0.76, 0.1 / 0.76], [3])
  })

  it('counts a repeated token once, and leaves tokens outside the context alone', () => {
    // Context 1, 1, 2: 0.2² = 0.04, 0.3² = 0.09; sum 0.1 + 0.04 + 0.09 + 0.4 = 0.63.
    expectApply(
      repetitionPenalty(2),
      cand(LLAMA),
      [3, 0, 2, 1],
      [0.4 / 0.63, 0.1 / 0.63, 0.09 / 0.63, 0.04 / 0.63],
      [1, 1, 2],
    )
  })

  it('θ = 0.5 favours the context: √0.1 = 0.316228', () => {
    // Context holds id 0: √0.1 = 0.316228; sum 0.316228 + 0.2 + 0.3 + 0.4 = 1.216228.
    const s = Math.sqrt(0.1) + 0.9
    expectApply(repetitionPenalty(0.5), cand(LLAMA), [3, 0, 2, 1], [0.4 / s, Math.sqrt(0.1) / s, 0.3 / s, 0.2 / s], [0])
    expect(0.4 / s).toBeCloseTo(0.328886, 6)
  })

  it('θ = 1 and an empty context change nothing', () => {
    expectApply(repetitionPenalty(1), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1], [3, 2])
    expectApply(repetitionPenalty(2), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1], [])
  })

  it('keeps the unknown rest of a partial distribution and warns when a context token is hidden in it', () => {
    // 0.5, 0.3 listed, 0.2 unknown; id 0 penalised: 0.25; sum 0.25 + 0.3 + 0.2 = 0.75.
    const out = repetitionPenalty(2).apply(cand([0.5, 0.3], 0.2), [0])
    expect(Array.from(out.ids)).toEqual([1, 0])
    expect(out.probs[0]).toBeCloseTo(0.3 / 0.75, 12)
    expect(out.probs[1]).toBeCloseTo(0.25 / 0.75, 12)
    expect(out.otherMass).toBeCloseTo(0.2 / 0.75, 12)
    expect(out.warnings).toBeUndefined()
    // Token 7 is not listed: it may be in the unknown rest, which cannot be penalised.
    expect(repetitionPenalty(2).apply(cand([0.5, 0.3], 0.2), [0, 7]).warnings).toEqual([
      'repetitionPenalty: a token of the context lies in the unknown rest of a partial distribution and could not be penalised',
    ])
  })

  it.each([0, -1, NaN, Infinity])('rejects θ = %s', (t) => {
    expect(refusal({ repetitionPenalty: t })).toMatch(/repetitionPenalty must be (> 0|a finite number)/)
  })
})

describe('frequencyPenalty', () => {
  it('f = ln 2 halves a token once per occurrence', () => {
    // Context 3, 3, 2: id 3 × e^(−2 ln 2) = 0.4/4 = 0.1; id 2 × e^(−ln 2) = 0.15.
    // Sum 0.1 + 0.2 + 0.15 + 0.1 = 0.55. Ranking: id 1 0.2, id 2 0.15, then the tie at 0.1: id 0 before id 3.
    expectApply(
      frequencyPenalty(Math.LN2),
      cand(LLAMA),
      [1, 2, 0, 3],
      [0.2 / 0.55, 0.15 / 0.55, 0.1 / 0.55, 0.1 / 0.55],
      [3, 3, 2],
    )
  })

  it('a negative penalty favours repeated tokens', () => {
    // f = −ln 2, context 0: 0.1 × 2 = 0.2; sum 1.1; ids 0 and 1 tie at 0.2: id 0 first.
    expectApply(
      frequencyPenalty(-Math.LN2),
      cand(LLAMA),
      [3, 2, 0, 1],
      [0.4 / 1.1, 0.3 / 1.1, 0.2 / 1.1, 0.2 / 1.1],
      [0],
    )
  })

  it.each([2.5, -3, NaN])('rejects %s: the range is [-2, 2]', (f) => {
    expect(refusal({ frequencyPenalty: f })).toMatch(/frequencyPenalty must be (in \[-2, 2\]|a finite number)/)
  })
})

describe('presencePenalty', () => {
  it('a = ln 2 halves a token present in the context, however often', () => {
    // Context 3, 3, 3: 0.4 × 1/2 = 0.2; sum 0.1 + 0.2 + 0.3 + 0.2 = 0.8.
    // Ranking: id 2 0.375, then the tie at 0.25: id 1 before id 3, then id 0 0.125.
    expectApply(presencePenalty(Math.LN2), cand(LLAMA), [2, 1, 3, 0], [0.375, 0.25, 0.25, 0.125], [3, 3, 3])
  })

  it('a = 0 changes nothing', () => {
    expectApply(presencePenalty(0), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1], [3])
  })

  it.each([2.01, -2.01])('rejects %s', (a) => {
    expect(refusal({ presencePenalty: a })).toMatch(/presencePenalty must be in \[-2, 2\], got presencePenalty = /)
  })
})

describe('penalties never mutate their input', () => {
  it.each([
    ['repetitionPenalty', repetitionPenalty(1.3)],
    ['frequencyPenalty', frequencyPenalty(0.5)],
    ['presencePenalty', presencePenalty(0.5)],
  ])('%s', (_, p) => expectNoMutation(p, [0, 1, 1, 2, 9]))
})

describe('repetitionPenalty on known logits (llama.cpp’s rule)', () => {
  it('divides a positive logit and multiplies a negative one', () => {
    // Logits 1, 2, 3, 4; θ = 2 on ids 0 and 3: 1 → 0.5, 4 → 2. Softmax of 0.5, 2, 3, 2:
    // 0.045155, 0.202371, 0.550102, 0.202371 (ids 1 and 3 tie: id 1 first).
    const out = repetitionPenalty(2).apply(fromLogits([1, 2, 3, 4]), [0, 3])
    expect(Array.from(out.ids)).toEqual([2, 1, 3, 0])
    ;[0.550102, 0.202371, 0.202371, 0.045155].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 6))
    // Logits −1, 0, 1, 2; θ = 2 on ids 0 and 1: −1 → −2, 0 stays 0. Softmax of −2, 0, 1, 2.
    const neg = repetitionPenalty(2).apply(fromLogits([-1, 0, 1, 2]), [0, 1])
    ;[0.657233, 0.241783, 0.088947, 0.012038].forEach((e, i) => expect(neg.probs[i]).toBeCloseTo(e, 6))
  })

  it('sees the logits a logit bias before it left: 1 + ln 4 = 2.386294 → 1.193147', () => {
    const biased = logitBias(new Map([[0, Math.log(4)]])).apply(fromLogits([1, 2, 3, 4]))
    const out = repetitionPenalty(2).apply(biased, [0])
    expect(Array.from(out.ids)).toEqual([3, 2, 1, 0])
    ;[0.639546, 0.235276, 0.086553, 0.038625].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 6))
  })

  it("llama.cpp's test_penalties: θ = 50 on 0 1 2 of five equal tokens leaves 3 and 4 at 0.5", () => {
    // Logits ln 0.2 < 0: × 50 gives 0.2^50 ≈ 1e−35 for each of 0, 1, 2.
    const out = repetitionPenalty(50).apply(fromLogits([0.2, 0.2, 0.2, 0.2, 0.2].map(Math.log)), [0, 1, 2, 0, 0])
    expect(Array.from(out.ids).slice(0, 2)).toEqual([3, 4])
    expect(out.probs[0]).toBeCloseTo(0.5, 9)
  })
})

describe('penaltyLastN: the window of the last n tokens', () => {
  it('counts only the last n tokens', () => {
    // Context 3, 3, 2 with n = 1: only id 2 counts once: 0.3 / 2 = 0.15; sum 0.85.
    expectApply(
      frequencyPenalty(Math.LN2, 1),
      cand(LLAMA),
      [3, 1, 2, 0],
      [0.4 / 0.85, 0.2 / 0.85, 0.15 / 0.85, 0.1 / 0.85],
      [3, 3, 2],
    )
    // n = 2: ids 3 and 2 once each: 0.2, 0.15; sum 0.65.
    expectApply(
      presencePenalty(Math.LN2, 2),
      cand(LLAMA),
      [1, 3, 2, 0],
      [0.2 / 0.65, 0.2 / 0.65, 0.15 / 0.65, 0.1 / 0.65],
      [3, 3, 2],
    )
    // θ = 2 with n = 1 on context 3, 2: only id 2 → 0.09; sum 0.79.
    expectApply(
      repetitionPenalty(2, 1),
      cand(LLAMA),
      [3, 1, 0, 2],
      [0.4 / 0.79, 0.2 / 0.79, 0.1 / 0.79, 0.09 / 0.79],
      [3, 2],
    )
  })

  it('−1 is the whole context, 0 turns the penalties off', () => {
    expectApply(
      frequencyPenalty(Math.LN2, -1),
      cand(LLAMA),
      [1, 2, 0, 3],
      [0.2 / 0.55, 0.15 / 0.55, 0.1 / 0.55, 0.1 / 0.55],
      [3, 3, 2],
    )
    expectApply(frequencyPenalty(Math.LN2, 0), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1], [3, 3, 2])
  })

  it.each([-2, 1.5, NaN])('rejects %s', (n) => {
    expect(refusal({ presencePenalty: 0.5, penaltyLastN: n })).toMatch(
      /penaltyLastN must be (>= -1|a whole number|a finite number)/,
    )
  })
})
