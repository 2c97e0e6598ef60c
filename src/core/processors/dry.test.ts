// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { dry, DRY_SEQUENCE_BREAKERS, dryBreakerSequences, dryPenalties, type DryOptions } from './dry'
import { cand, expectApply, expectNoMutation } from './testing'
import { refusal } from '../testing/refusal'

const opts = (o: Partial<DryOptions>): DryOptions => ({
  multiplier: 1,
  base: 1.1,
  allowedLength: 2,
  penaltyLastN: -1,
  breakers: [],
  ...o,
})
const QUARTER = [0.25, 0.25, 0.25, 0.25]
const FIFTH = [0.2, 0.2, 0.2, 0.2, 0.2]

describe('dryPenalties', () => {
  it('penalises the token that would extend a repeat of allowedLength tokens: 1 × 1.1^0 = 1', () => {
    // 0 1 2 0 1: the suffix "0 1" occurred before, followed by 2.
    expect([...dryPenalties([0, 1, 2, 0, 1], opts({}))]).toEqual([[2, 1]])
  })

  it('grows by base^(length − allowedLength) and keeps the longest repeat per token', () => {
    // 5 0 1 2 9 0 1 2: suffix "0 1 2" (3 tokens) was followed by 9: 2 × 1.5^(3 − 2) = 3.
    // "2" alone (1 token, below allowedLength) and "1 2" inside it count only through the longest.
    expect([...dryPenalties([5, 0, 1, 2, 9, 0, 1, 2], opts({ multiplier: 2, base: 1.5 }))]).toEqual([[9, 3]])
    // a a a a: suffix "a a a" also ends one token back, followed by a: length 3 → 1.1^1.
    const p = dryPenalties([7, 7, 7, 7], opts({}))
    expect([...p.keys()]).toEqual([7])
    expect(p.get(7)).toBeCloseTo(1.1, 12)
  })

  it('looks at the last penaltyLastN tokens only; 0 turns it off', () => {
    // A window of 4 is "9 9 0 1": no repeat of its suffix; a window of 7 sees the earlier "0 1" and its 2.
    expect(dryPenalties([0, 1, 2, 9, 9, 0, 1], opts({ penaltyLastN: 4 })).size).toBe(0)
    expect([...dryPenalties([0, 1, 2, 9, 9, 0, 1], opts({ penaltyLastN: 7 }))]).toEqual([[2, 1]])
    expect(dryPenalties([0, 1, 2, 0, 1], opts({ penaltyLastN: 0 })).size).toBe(0)
    expect(dryPenalties([0, 1, 2, 0, 1], opts({ multiplier: 0 })).size).toBe(0)
  })

  it('a sequence breaker cuts the repeat it lies in, and is never penalised itself', () => {
    // 0 1 3 4 0 1 with breaker 3: the repeat "0 1" may reach back 2 tokens only, enough for 2;
    // but 3 is the token it would add, a single-token breaker: no penalty (llama.cpp's test).
    expect(dryPenalties([0, 1, 3, 4, 0, 1], opts({ breakers: [[3]] })).size).toBe(0)
    // Breaker 1 inside the suffix: the repeat may not reach past it, rep_limit 0 < 2.
    expect(dryPenalties([0, 1, 2, 0, 1], opts({ breakers: [[1]] })).size).toBe(0)
    // A two-token breaker [9, 0]: head 9 at rat(2), its tail 0 at rat(1), the token after it in time.
    // Context 0 6 2 9 0 6: the repeat "0 6" may reach back past the breaker's end only 1 token: 1 < 2, none.
    expect(dryPenalties([0, 6, 2, 9, 0, 6], opts({ breakers: [[9, 0]] })).size).toBe(0)
    // Without it, or with only its head (rep_limit 2), or with a tail that does not match: 2 gets 1.
    for (const breakers of [[], [[9]], [[9, 5]]])
      expect([...dryPenalties([0, 6, 2, 9, 0, 6], opts({ breakers }))]).toEqual([[2, 1]])
  })
})

describe('dry (llama.cpp test-sampling.cpp cases)', () => {
  it('0 1 with allowed length 2: nothing to penalise', () => {
    expectApply(dry(opts({ penaltyLastN: 4 })), cand(QUARTER), [0, 1, 2, 3], QUARTER, [0, 1])
  })

  it('0 1 2 0 1: token 2 × e^(−1) → 0.109232, the others 0.296923', () => {
    // 0.25 e^(−1) = 0.091970; sum 0.75 + 0.091970 = 0.841970.
    const z = 0.75 + 0.25 * Math.exp(-1)
    expectApply(
      dry(opts({ penaltyLastN: 5 })),
      cand(QUARTER),
      [0, 1, 3, 2],
      [0.25 / z, 0.25 / z, 0.25 / z, (0.25 * Math.exp(-1)) / z],
      [0, 1, 2, 0, 1],
    )
    expect(0.25 / z).toBeCloseTo(0.296923, 6)
    expect((0.25 * Math.exp(-1)) / z).toBeCloseTo(0.109232, 6)
  })

  it('multiplier 2: token 2 × e^(−2) → 0.032727', () => {
    const z = 0.8 + 0.2 * Math.exp(-2)
    const out = dry(opts({ multiplier: 2, penaltyLastN: 5 })).apply(cand(FIFTH), [0, 1, 2, 0, 1])
    expect(Array.from(out.ids)).toEqual([0, 1, 3, 4, 2])
    expect(out.probs[4]).toBeCloseTo(0.032727, 6)
    expect(out.probs[0]).toBeCloseTo(0.2 / z, 12)
    expect(0.2 / z).toBeCloseTo(0.241818, 6)
  })

  it('the breaker 3 and an allowed length of 4 leave the distribution alone', () => {
    expectApply(
      dry(opts({ penaltyLastN: 6, breakers: [[3]] })),
      cand(FIFTH),
      [0, 1, 2, 3, 4],
      FIFTH,
      [0, 1, 3, 4, 0, 1],
    )
    expectApply(
      dry(opts({ allowedLength: 4, penaltyLastN: 7 })),
      cand(FIFTH),
      [0, 1, 2, 3, 4],
      FIFTH,
      [0, 1, 2, 3, 4, 0, 1],
    )
  })

  it.each([
    [{ multiplier: -1 }, /dryMultiplier must be >= 0/],
    [{ base: 0.5 }, /dryBase must be >= 1/],
    [{ allowedLength: 1.5 }, /dryAllowedLength must be a whole number/],
    [{ penaltyLastN: -2 }, /dryPenaltyLastN must be >= -1/],
  ])('rejects %o', (o, message) => {
    const { multiplier, base, allowedLength, penaltyLastN } = opts(o)
    expect(
      refusal({
        dryMultiplier: multiplier,
        dryBase: base,
        dryAllowedLength: allowedLength,
        dryPenaltyLastN: penaltyLastN,
      }),
    ).toMatch(message)
  })

  it('never mutates its input', () => {
    expectNoMutation(dry(opts({})), [0, 1, 2, 0, 1])
  })
})

describe('dryBreakerSequences', () => {
  // Token texts: 0 "a", 1 "b:", 2 "x\"", 3 "\"y", 4 "*", 5 "ab", 6 "q", 7 "\n".
  const texts = ['a', 'b:', 'x"', '"y', '*', 'ab', 'q', '\n']
  const vocab = {
    vocabSize: texts.length,
    tokenText: (id: number) => texts[id],
    tokenize: (text: string) => [...text].map((ch) => texts.indexOf(ch)),
  }

  it('llama.cpp\'s defaults: every token containing \\n, :, " or *', () => {
    expect(DRY_SEQUENCE_BREAKERS).toEqual(['\n', ':', '"', '*'])
    expect(dryBreakerSequences(DRY_SEQUENCE_BREAKERS, vocab)).toEqual([[7], [1], [2], [3], [4]])
  })

  it('a token that ends with the start of a longer breaker heads a sequence of the rest', () => {
    const out = dryBreakerSequences(['qa'], vocab)
    // "q" (6) ends with "q", the breaker's start: [6, …tokenize("a")] = [6, 0].
    expect(out).toEqual([[6, 0]])
  })
})
