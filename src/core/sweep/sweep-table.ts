import { pooledMetrics } from './sweep-intervals'
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
    return {
      index: cell.index,
      label: cellLabel(cell.values),
      sequences: sequences.length,
      done: cell.outputs.filter((o) => o.status === 'done').length,
      outputs: cell.outputs.length,
      ...pooledMetrics(sequences),
    }
  })
}
