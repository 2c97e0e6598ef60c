import type { Sequence, SpeculativeStats, VoteOutcome } from '../types'

export interface StrategyOutput {
  sequences: Sequence[]
  optimal?: boolean
  speculative?: SpeculativeStats
  /** vote: the answers with their counts. */
  vote?: VoteOutcome
}
