import { InputError } from '../errors'
import { seededRandom } from '../rng'

export const DEFAULT_RESAMPLES = 1000
export const DEFAULT_LEVEL = 0.95

export interface BootstrapOptions {
  /** Seeds the resampling; recorded with the interval so that it can be reproduced. */
  seed: number
  /** Resamples drawn; 1000 unless given. */
  resamples?: number
  /** Coverage of the interval; 0.95 unless given. */
  level?: number
}

export interface Interval {
  /** The statistic (the mean) of the values themselves. */
  mean: number
  low: number
  high: number
  /** How many values were resampled (prompts × seeds in a sweep). */
  n: number
  seed: number
  resamples: number
  level: number
}

/**
 * Percentile bootstrap interval of the mean (Efron & Tibshirani 1993, ch. 13). Each resample draws
 * n indices with replacement, index = floor(u · n) for u from the seeded generator, in order; the
 * bounds are the (1 − level)/2 and (1 + level)/2 quantiles of the sorted resample means, by linear
 * interpolation between order statistics (numpy's default, Hyndman & Fan type 7). One value gives
 * the interval [v, v]; none gives null.
 */
export function bootstrapMean(values: readonly number[], options: BootstrapOptions): Interval | null {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES
  const level = options.level ?? DEFAULT_LEVEL
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new InputError(`bootstrap resamples must be a whole number >= 1, got ${resamples}`)
  if (!(level > 0 && level < 1)) throw new InputError(`bootstrap level must be in (0, 1), got ${level}`)
  const finite = values.filter(Number.isFinite)
  if (finite.length !== values.length)
    throw new InputError('bootstrap values must be finite numbers; leave out the runs that have no value')
  const n = finite.length
  if (n === 0) return null
  const mean = sum(finite) / n
  const random = seededRandom(options.seed)
  const means = new Float64Array(resamples)
  for (let b = 0; b < resamples; b++) {
    let s = 0
    for (let i = 0; i < n; i++) s += finite[Math.floor(random() * n)]
    means[b] = s / n
  }
  means.sort()
  return {
    mean,
    low: quantile(means, (1 - level) / 2),
    high: quantile(means, (1 + level) / 2),
    n,
    seed: options.seed,
    resamples,
    level,
  }
}

/** Type-7 quantile of sorted values: position q · (m − 1), interpolated between its neighbours. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const h = q * (sorted.length - 1)
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

/** Two intervals that do not overlap: the difference of their means is larger than their uncertainty. */
export function separated(a: Pick<Interval, 'low' | 'high'>, b: Pick<Interval, 'low' | 'high'>): boolean {
  return a.high < b.low || b.high < a.low
}

function sum(values: readonly number[]): number {
  let s = 0
  for (const v of values) s += v
  return s
}
