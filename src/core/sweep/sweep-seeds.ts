import { InputError } from '../errors'
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES } from '../stats/bootstrap'
import { MAX_SEED, parseStrategySpec, STRATEGY_PARAMS } from '../strategy-spec'
import { planSweep, type SweepPlan } from './sweep-grid'
import type { SweepCell } from './sweep-records'
import { cellIntervals, INTERVAL_METRICS, mergeSeeds } from './sweep-intervals'

/** --seeds at most. */
export const MAX_SWEEP_SEEDS = 1000

/** Seeds start here when the strategy names none: a seeds sweep asked again is the same sweep, and resumes. */
export const FIRST_SEED = 1

export interface SeedsPlan {
  /** The strategy text without its seed, which the grid now carries. */
  strategy: string
  /** The grid with `seed=S,…,S+N−1` last (varying fastest). */
  grid: string[]
  /** S: the first seed, which also seeds the bootstrap. */
  firstSeed: number
  seeds: number
}

/**
 * `--seeds N`: every cell under seeds S…S+N−1, S the strategy's seed (FIRST_SEED unless given), as a
 * last grid axis; the cells that differ only in the seed are then one point of the sweep's intervals.
 */
export function planSeeds(strategyText: string, gridTexts: readonly string[], seeds: number): SeedsPlan {
  const colon = strategyText.indexOf(':')
  const name = (colon < 0 ? strategyText : strategyText.slice(0, colon)).trim()
  const spec = parseStrategySpec(strategyText, () => FIRST_SEED)
  if (!Object.hasOwn(STRATEGY_PARAMS[spec.name].shape, 'seed')) {
    throw new InputError(
      `sweep: --seeds repeats each cell under several seeds, and ${name} draws nothing at random; use it with a sampling strategy (nucleus, topk, minp, sample…)`,
    )
  }
  if (gridTexts.some((g) => g.split('=')[0].trim() === 'seed'))
    throw new InputError('sweep: seed is on --grid and --seeds gives the seeds too; use one of them')
  const firstSeed = Math.min(spec.params.seed, MAX_SEED - seeds + 1)
  const parts =
    colon < 0
      ? []
      : strategyText
          .slice(colon + 1)
          .split(',')
          .filter((p) => p.split('=')[0].trim() !== 'seed' && p.trim() !== '')
  return {
    strategy: parts.length ? `${name}:${parts.join(',')}` : name,
    grid: [...gridTexts, `seed=${Array.from({ length: seeds }, (_, i) => firstSeed + i).join(',')}`],
    firstSeed,
    seeds,
  }
}

/** Per point of the sweep (its values without the seed), each metric's mean and 95% bootstrap interval over prompts × seeds. */
export function seedIntervals(cells: readonly SweepCell[], firstSeed: number) {
  return {
    bootstrap: {
      method: 'percentile',
      seed: firstSeed,
      resamples: DEFAULT_RESAMPLES,
      level: DEFAULT_LEVEL,
      over: 'prompts × seeds',
    },
    points: mergeSeeds(cells).map((point) => {
      const ci = cellIntervals(point, firstSeed)
      return {
        values: point.values,
        runs: point.outputs.filter((o) => o.status === 'done').length,
        metrics: Object.fromEntries(
          INTERVAL_METRICS.map((m) => [m, ci[m] && { mean: ci[m].mean, low: ci[m].low, high: ci[m].high, n: ci[m].n }]),
        ),
      }
    }),
  }
}

export type SeedIntervals = ReturnType<typeof seedIntervals>

/** The first seed of a sweep's seed axis (the bootstrap's seed), null when it has none. */
export function firstSeedOf(axes: readonly { key: string; values: number[] }[]): number | null {
  const axis = axes.find((a) => a.key === 'seed')
  return axis && axis.values.length ? axis.values[0] : null
}

/** planSweep, with `seeds` (when given) added as the last axis by planSeeds. */
export function planSeededSweep(
  strategy: string,
  grid: readonly string[],
  samples: number | undefined,
  seeds: number | undefined,
  drawSeed: () => number,
): SweepPlan {
  const s = seeds === undefined ? undefined : planSeeds(strategy, grid, seeds)
  return planSweep(s?.strategy ?? strategy, s?.grid ?? grid, samples, drawSeed)
}
