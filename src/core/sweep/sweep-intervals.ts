import { selfBleu4, zipfCoefficient } from '../metrics/run-metrics'
import { bootstrapMean, type Interval } from '../stats/bootstrap'
import type { SweepCell, SweepOutput, SweepSequence } from './sweep-records'

/** The metrics of one run (one prompt under one seed), each the unit a sweep's interval resamples. */
export interface RunMetricValues {
  meanLogProb: number | null
  perplexity: number | null
  selfBleu4: number | null
  zipf: number | null
  repetitionPct: number | null
  distinct2: number | null
}

export const INTERVAL_METRICS = [
  'meanLogProb',
  'perplexity',
  'selfBleu4',
  'zipf',
  'repetitionPct',
  'distinct2',
] as const
export type IntervalMetric = (typeof INTERVAL_METRICS)[number]

/** One run's metrics: what the sweep table computes for a cell, over the run's sequences alone. */
export function runMetricValues(output: SweepOutput): RunMetricValues {
  return pooledMetrics(output.sequences)
}

/** The metrics of a set of sequences: per-token log-likelihood, Self-BLEU-4 and Zipf over all of them, Repetition % and distinct-2 as means. */
export function pooledMetrics(sequences: readonly SweepSequence[]): RunMetricValues {
  const measured = sequences.flatMap((s) => (s.metrics ? [s.metrics] : []))
  const scored = measured.filter((m) => m.length > 0)
  const tokens = scored.reduce((n, m) => n + m.length, 0)
  const meanLogProb = tokens > 0 ? scored.reduce((sum, m) => sum + m.logLikelihood, 0) / tokens : null
  const distinct = measured.flatMap((m) => (m.distinct2 === null ? [] : [m.distinct2]))
  const texts = sequences.map((s) => s.textIds)
  return {
    meanLogProb,
    perplexity: meanLogProb === null ? null : Math.exp(-meanLogProb),
    selfBleu4: selfBleu4(texts),
    zipf: zipfCoefficient(texts),
    repetitionPct: measured.length ? measured.reduce((s, m) => s + m.repetitionPct, 0) / measured.length : null,
    distinct2: distinct.length ? distinct.reduce((a, b) => a + b, 0) / distinct.length : null,
  }
}

/**
 * Per metric, the mean over a cell's finished runs (prompts × seeds) and its 95% percentile-bootstrap
 * interval, the runs being the resampled units; a run without a value for a metric (one sequence has no
 * Self-BLEU) is left out of that metric. Every metric resamples under the same recorded seed.
 */
export function cellIntervals(
  cell: SweepCell,
  seed: number,
  resamples?: number,
): Record<IntervalMetric, Interval | null> {
  const runs = cell.outputs.filter((o) => o.status === 'done').map(runMetricValues)
  const out = {} as Record<IntervalMetric, Interval | null>
  for (const metric of INTERVAL_METRICS) {
    const values = runs.flatMap((r) => (r[metric] === null ? [] : [r[metric]]))
    out[metric] = bootstrapMean(values, { seed, resamples })
  }
  return out
}

/**
 * A sweep repeated over seeds has `seed` as an axis: the cells that differ only in it are one
 * point of the family, whose runs (prompts × seeds) its intervals resample. Points keep the order
 * of their first cell; their values leave the seed out.
 */
export function mergeSeeds(cells: readonly SweepCell[], seedKey = 'seed'): SweepCell[] {
  const points = new Map<string, SweepCell>()
  for (const cell of cells) {
    const values = Object.fromEntries(Object.entries(cell.values).filter(([k]) => k !== seedKey))
    const key = JSON.stringify(values)
    const point = points.get(key)
    if (point) point.outputs = [...point.outputs, ...cell.outputs]
    else points.set(key, { index: points.size, values, strategy: cell.strategy, outputs: [...cell.outputs] })
  }
  return [...points.values()]
}
