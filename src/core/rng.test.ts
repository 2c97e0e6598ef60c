// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { seededRandom } from './rng'

const take = (seed: number, n: number) => {
  const r = seededRandom(seed)
  return Array.from({ length: n }, () => r())
}

describe('seededRandom', () => {
  it('gives the same sequence for the same seed', () => {
    expect(take(42, 100)).toEqual(take(42, 100))
  })

  it('gives different sequences for different seeds, 0 and 2^32 − 1 included', () => {
    const seqs = [0, 1, 2, 42, 2 ** 32 - 1].map((s) => take(s, 8).join())
    expect(new Set(seqs).size).toBe(5)
  })

  it('draws in [0, 1) and spreads evenly over ten bins', () => {
    const xs = take(7, 20000)
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true)
    const bins = new Array(10).fill(0)
    for (const x of xs) bins[Math.floor(x * 10)]++
    // Each bin expects 2000; 5 standard deviations is about ±212.
    for (const b of bins) expect(Math.abs(b - 2000)).toBeLessThan(212)
  })
})
