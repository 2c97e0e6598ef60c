import { describe, expect, it } from 'vitest'
import { chrf } from './chrf'

describe('chrf', () => {
  it('agrees with sacrebleu on the example of its metric card (61.576379378113785)', () => {
    const hyp = 'The relationship between Obama and Netanyahu is not exactly friendly.'
    const ref = 'The ties between Obama and Netanyahu are not particularly friendly.'
    expect(chrf(hyp, ref)).toBeCloseTo(61.576379378113785 / 100, 12)
  })

  it('is computed by hand on short texts', () => {
    // "ab" vs "abc": orders 1–2 have n-grams on both sides (order 3+ has none in "ab").
    // order 1: P = 2/2, R = 2/3; order 2: P = 1/1, R = 1/2 → P = 1, R = 7/12; F2 = 5·P·R / (4P + R).
    const r = 7 / 12
    expect(chrf('ab', 'abc')).toBeCloseTo((5 * r) / (4 + r), 14)
    // Whitespace does not count: "a b" is "ab".
    expect(chrf('a b', 'ab')).toBe(1)
    // Chinese: per character. "天地" vs "天人": order 1 P = R = 1/2, order 2 P = R = 0 → P = R = 1/4.
    expect(chrf('天地', '天人')).toBeCloseTo(0.25, 14)
  })

  it('is 0 with no match or an empty side, 1 for the same text', () => {
    expect(chrf('abc', 'xyz')).toBe(0)
    expect(chrf('', 'abc')).toBe(0)
    expect(chrf('same text', 'same text')).toBe(1)
  })
})
