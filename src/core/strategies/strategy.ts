import type { Sequence, SpeculativeStats } from '../types'
import type { VoteOutcome } from './sample-then-select'

export interface StrategyOutput {
  sequences: Sequence[]
  optimal?: boolean
  speculative?: SpeculativeStats
  /** vote: the answers with their counts. */
  vote?: VoteOutcome
}
