import { selfBleu4, zipfCoefficient } from '../metrics/run-metrics'
import type { SweepCell } from './sweep-records'

/** One strategy cell of a sweep, over every prompt, in the shape of Holtzman et al. (2019), Table 1. */
export interface SweepTableRow {
  index: number
  /** The swept values, e.g. "p=0.5,temperature=0.7". */
  label: string
  sequences: number
  /** Runs of the cell that finished, of all its prompts. */
  done: number
  outputs: number
  /** Per token over all the cell's sequences: Σ log-likelihood / Σ length. */
  meanLogProb: number | null
  /** exp(−meanLogProb). */
  perplexity: number | null
  selfBleu4: number | null
  zipf: number | null
  /** Share of sequences that end in a repetition loop, in %. */
  repetitionPct: number | null
  /** Mean distinct-2 of the sequences. */
  distinct2: number | null
}

export function cellLabel(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

export function sweepTableRows(cells: readonly SweepCell[]): SweepTableRow[] {
  return cells.map((cell) => {
    const sequences = cell.outputs.flatMap((o) => o.sequences)
    const measured = sequences.flatMap((s) => (s.metrics ? [s.metrics] : []))
    const scored = measured.filter((m) => m.length > 0)
    const tokens = scored.reduce((n, m) => n + m.length, 0)
    const meanLogProb = tokens > 0 ? scored.reduce((sum, m) => sum + m.logLikelihood, 0) / tokens : null
    const distinct = measured.flatMap((m) => (m.distinct2 === null ? [] : [m.distinct2]))
    const texts = sequences.map((s) => s.textIds)
    return {
      index: cell.index,
      label: cellLabel(cell.values),
      sequences: sequences.length,
      done: cell.outputs.filter((o) => o.status === 'done').length,
      outputs: cell.outputs.length,
      meanLogProb,
      perplexity: meanLogProb === null ? null : Math.exp(-meanLogProb),
      selfBleu4: selfBleu4(texts),
      zipf: zipfCoefficient(texts),
      repetitionPct: measured.length ? mean(measured.map((m) => m.repetitionPct)) : null,
      distinct2: distinct.length ? mean(distinct) : null,
    }
  })
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length
}
