// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { bleu4, histogram, searchGap, selfBleu4, zipfCoefficient } from './run-metrics'

const [a, b, c, d, e, x, y, z, w] = [1, 2, 3, 4, 5, 6, 7, 8, 9]

describe('bleu4 (NLTK sentence_bleu, method1)', () => {
  it('a b c d against a b c e', () => {
    // p1 = 3/4, p2 = 2/3 (ab, bc), p3 = 1/2 (abc), p4 = 0 matches of 1 → 0.1/1; equal lengths, no brevity penalty.
    // (0.75 × 0.666667 × 0.5 × 0.1)^(1/4) = 0.025^0.25 = 0.397635.
    expect(bleu4([a, b, c, d], [[a, b, c, e]])).toBeCloseTo(0.397635, 6)
  })

  it('is 1 for an identical text and 0 without a shared unigram', () => {
    expect(bleu4([a, b, c, d], [[a, b, c, d]])).toBeCloseTo(1, 12)
    expect(bleu4([x, y, z, w], [[a, b, c, d]])).toBe(0)
  })

  it('applies the brevity penalty against the closest reference', () => {
    // a b c vs a b c d: p1 = p2 = p3 = 1, p4 has no 4-gram → 0.1/1; BP = e^(1 − 4/3) = 0.716531.
    // 0.716531 × 0.1^0.25 = 0.716531 × 0.562341 = 0.402935.
    expect(bleu4([a, b, c], [[a, b, c, d]])).toBeCloseTo(0.402935, 6)
  })

  it('clips counts by the most any one reference has', () => {
    // a a a a vs a b, a a: p1 = min(4, 2)/4 = 0.5; p2: "a a" ×3, ref max 1 → 1/3; p3, p4 no match → 0.1/2, 0.1/1.
    // BP: closest length 2 < 4 → 1. (0.5 × 1/3 × 0.05 × 0.1)^(1/4) = 0.000833^0.25 = 0.169904.
    expect(
      bleu4(
        [a, a, a, a],
        [
          [a, b],
          [a, a],
        ],
      ),
    ).toBeCloseTo(Math.pow(0.5 * (1 / 3) * 0.05 * 0.1, 0.25), 12)
    expect(Math.pow(0.5 * (1 / 3) * 0.05 * 0.1, 0.25)).toBeCloseTo(0.169904, 6)
  })
})

describe('selfBleu4', () => {
  it('averages each text against the others', () => {
    // A = a b c d, B = a b c e, C = x y z w: BLEU(A | B, C) = BLEU(B | A, C) = 0.397635; BLEU(C | A, B) = 0.
    // (0.397635 × 2 + 0)/3 = 0.265090.
    expect(
      selfBleu4([
        [a, b, c, d],
        [a, b, c, e],
        [x, y, z, w],
      ]),
    ).toBeCloseTo(0.26509, 5)
    expect(
      selfBleu4([
        [a, b, c, d],
        [a, b, c, d],
      ]),
    ).toBeCloseTo(1, 12)
    expect(selfBleu4([[a, b, c, d]])).toBeNull()
  })
})

describe('zipfCoefficient', () => {
  it('two tokens seen 4 and 2 times: slope (ln 2 − ln 4)/(ln 2 − ln 1) = −1, so s = 1', () => {
    expect(
      zipfCoefficient([
        [a, a, b],
        [a, b, a],
      ]),
    ).toBeCloseTo(1, 12)
  })

  it('counts 4, 2, 1 at ranks 1, 2, 3', () => {
    // x = 0, 0.693147, 1.098612 (mean 0.597253); y = 1.386294, 0.693147, 0 (mean 0.693147).
    // Sxy = −0.597253 × 0.693147 + 0 + 0.501359 × −0.693147 = −0.761500; Sxx = 0.617268; s = 1.233662.
    expect(zipfCoefficient([[a, a, a, a, b, b, c]])).toBeCloseTo(1.233662, 6)
  })

  it('is null with fewer than two distinct tokens', () => {
    expect(zipfCoefficient([[a, a], [a]])).toBeNull()
    expect(zipfCoefficient([])).toBeNull()
  })
})

describe('histogram', () => {
  it('bins log-likelihoods into equal widths, the last bin closed', () => {
    // min −4, max 0, 4 bins of width 1: [−4, −3) [−3, −2) [−2, −1) [−1, 0].
    expect(histogram([-4, -3.5, -2, -0.5, 0], 4)).toEqual({ edges: [-4, -3, -2, -1], counts: [2, 0, 1, 2], max: 0 })
    expect(histogram([-1, -1], 3)).toEqual({ edges: [-1, -1, -1], counts: [2, 0, 0], max: -1 })
  })
})

describe('searchGap', () => {
  it('is log P(optimum) − log P(best of the run), or null without a proven optimum', () => {
    // greedy-trap: optimum 0.405, greedy 0.22 → ln(0.405 / 0.22) = ln 1.840909 = 0.610260.
    expect(searchGap(Math.log(0.405), [Math.log(0.22)])).toBeCloseTo(0.61026, 5)
    expect(searchGap(Math.log(0.405), [Math.log(0.22), Math.log(0.405)])).toBe(0)
    expect(searchGap(null, [Math.log(0.22)])).toBeNull()
    expect(searchGap(-1, [])).toBeNull()
  })
})

describe('100,000 samples (no argument spread overflows the stack)', () => {
  it('bins them and takes the search gap from the best', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => 0 - (i % 1000) / 100)
    const h = histogram(values, 10)
    expect(h.edges[0]).toBe(-9.99)
    expect(h.max).toBe(0)
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(100_000)
    expect(searchGap(1, values)).toBe(1)
  })
})
