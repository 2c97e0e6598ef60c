import type { Sequence, SpeculativeStats } from '../types'

export interface StrategyOutput {
  sequences: Sequence[]
  optimal?: boolean
  speculative?: SpeculativeStats
  /** Per sequence, in order: the score the strategy ranked it by, where it is not the log-probability (contrastive's summed score). */
  scores?: number[]
}
