import type { Sequence, SpeculativeStats } from '../types'
import type { VoteOutcome } from './sample-then-select'

export interface StrategyOutput {
  sequences: Sequence[]
  optimal?: boolean
  speculative?: SpeculativeStats
  /** Per sequence, in order: the score the strategy ranked it by, where it is not the log-probability (contrastive's summed score). */
  scores?: number[]
  /** mbr, per sequence: its mean utility against the other samples (null with one sample). */
  expectedUtility?: (number | null)[]
  /** vote, per sequence: its answer, null where the pattern found none. */
  answers?: (string | null)[]
  /** vote: the answers with their counts. */
  vote?: VoteOutcome
}
