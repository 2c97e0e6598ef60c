import { describe, expect, it } from 'vitest'
import { seededRandom } from '../rng'
import { bootstrapMean, quantile, separated } from './bootstrap'

describe('bootstrapMean', () => {
  it('matches a direct computation of the percentile interval under the same seed', () => {
    const values = [0.1, 0.4, 0.35, 0.8, 0.2]
    const got = bootstrapMean(values, { seed: 42, resamples: 7 })
    // Direct: 7 resamples of 5 indices each, from the same generator, then the type-7 quantiles.
    const random = seededRandom(42)
    const means: number[] = []
    for (let b = 0; b < 7; b++) {
      let s = 0
      for (let i = 0; i < 5; i++) s += values[Math.floor(random() * 5)]
      means.push(s / 5)
    }
    means.sort((a, b) => a - b)
    // 7 sorted means: the 0.025 quantile sits at position 0.15, the 0.975 one at 5.85.
    const low = means[0] + 0.15 * (means[1] - means[0])
    const high = means[5] + 0.85 * (means[6] - means[5])
    expect(got).toEqual({ mean: 0.37, low, high, n: 5, seed: 42, resamples: 7, level: 0.95 })
    expect(got!.mean).toBeCloseTo(1.85 / 5, 15)
  })

  it('gives the same interval for the same seed and another for another seed', () => {
    const values = Array.from({ length: 30 }, (_, i) => (i * 37) % 11)
    const a = bootstrapMean(values, { seed: 1 })
    expect(bootstrapMean(values, { seed: 1 })).toEqual(a)
    expect(bootstrapMean(values, { seed: 2 })).not.toEqual(a)
    expect(a!.low).toBeLessThan(a!.mean)
    expect(a!.high).toBeGreaterThan(a!.mean)
  })

  it('is [v, v] for one value or equal values, and null for none', () => {
    expect(bootstrapMean([3], { seed: 0 })).toMatchObject({ mean: 3, low: 3, high: 3, n: 1 })
    expect(bootstrapMean([2, 2, 2], { seed: 0 })).toMatchObject({ mean: 2, low: 2, high: 2 })
    expect(bootstrapMean([], { seed: 0 })).toBeNull()
  })

  it('rejects bad options and values with what to do', () => {
    expect(() => bootstrapMean([1], { seed: 0, resamples: 0 })).toThrow('resamples must be a whole number >= 1, got 0')
    expect(() => bootstrapMean([1], { seed: 0, level: 1 })).toThrow('level must be in (0, 1), got 1')
    expect(() => bootstrapMean([1, NaN], { seed: 0 })).toThrow('leave out the runs that have no value')
  })
})

describe('quantile and separated', () => {
  it('interpolates between order statistics', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantile([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12)
    expect(quantile([5], 0.975)).toBe(5)
  })
  it('separates only intervals that do not overlap', () => {
    expect(separated({ low: 0, high: 1 }, { low: 1.5, high: 2 })).toBe(true)
    expect(separated({ low: 0, high: 1.5 }, { low: 1.5, high: 2 })).toBe(false)
  })
})
