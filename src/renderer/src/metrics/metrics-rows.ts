import { extent } from '../../../core/extent'
import { sequenceSummary, type SequenceSummary } from '../../../core/metrics/sequence-metrics'
import { joinFor, visibleTokens } from '../../../core/report/visible-token'
import type { RunDetail } from '../../../core/records'
import { formatStrategy } from '../../../core/strategy-spec'

export interface MetricsRow extends SequenceSummary {
  runId: number
  strategy: string
  sequence: number
  text: string
}

export interface RunMetricsRow {
  runId: number
  strategy: string
  sequences: number
  repetitionPct: number | null
  selfBleu4: number | null
  zipf: number | null
  searchGap: number | null
}

/** One row per sequence of every run that has metrics. */
export function sequenceRows(runs: readonly RunDetail[]): MetricsRow[] {
  return runs.flatMap((r) =>
    (r.metrics?.sequences ?? []).map((m, i) => ({
      runId: r.id,
      strategy: formatStrategy(r.strategy),
      sequence: i + 1,
      text: visibleTokens(r.sequences[i]?.tokens ?? [], joinFor(r.modelKind)),
      ...sequenceSummary(m),
    })),
  )
}

/** One row per run: its across-sequence metrics, and Repetition % as the mean over its sequences (Holtzman et al.). */
export function runRows(runs: readonly RunDetail[]): RunMetricsRow[] {
  return runs
    .filter((r) => r.metrics)
    .map((r) => {
      const seqs = r.metrics?.sequences ?? []
      return {
        runId: r.id,
        strategy: formatStrategy(r.strategy),
        sequences: seqs.length,
        repetitionPct: seqs.length === 0 ? null : seqs.reduce((s, m) => s + m.repetitionPct, 0) / seqs.length,
        selfBleu4: r.metrics?.selfBleu4 ?? null,
        zipf: r.metrics?.zipf ?? null,
        searchGap: r.metrics?.searchGap ?? null,
      }
    })
}

/** Counts of sequence log-likelihoods in `bins` equal-width bins between the lowest and highest. */
export function logLikelihoodHistogram(
  logProbs: readonly number[],
  bins = 10,
): { from: number; to: number; count: number }[] {
  const finite = logProbs.filter(Number.isFinite)
  if (finite.length === 0) return []
  const { min: lo, max: hi } = extent(finite)
  if (lo === hi) return [{ from: lo, to: hi, count: finite.length }]
  const width = (hi - lo) / bins
  const counts = new Array<number>(bins).fill(0)
  for (const v of finite) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++
  return counts.map((count, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count }))
}
