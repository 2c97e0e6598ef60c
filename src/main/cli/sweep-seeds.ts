import type { SeedIntervals } from '../../core/sweep/sweep-seeds'
import { cellLabel } from '../../core/sweep/sweep-table'
import { table, visible } from './format'
import type { Io } from './io'

export function printSeedIntervals(io: Io, intervals: SeedIntervals): void {
  const { seed, resamples } = intervals.bootstrap
  io.out('')
  io.out(`mean [95% interval] over prompts × seeds (percentile bootstrap, ${resamples} resamples, seed ${seed}):`)
  const cell = (m: { mean: number; low: number; high: number } | null, digits: number) =>
    m ? `${m.mean.toFixed(digits)} [${m.low.toFixed(digits)}, ${m.high.toFixed(digits)}]` : '-'
  io.out(
    table(
      ['values', 'runs', 'mean log-prob', 'perplexity', 'Self-BLEU-4', 'distinct-2', 'Zipf', 'repetition %'],
      intervals.points.map((p) => [
        visible(cellLabel(p.values)),
        String(p.runs),
        cell(p.metrics.meanLogProb, 4),
        cell(p.metrics.perplexity, 3),
        cell(p.metrics.selfBleu4, 4),
        cell(p.metrics.distinct2, 4),
        cell(p.metrics.zipf, 3),
        cell(p.metrics.repetitionPct, 1),
      ]),
    ),
  )
}
