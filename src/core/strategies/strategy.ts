import type { Sequence, SpeculativeStats } from '../types'

export interface StrategyOutput {
  sequences: Sequence[]
  optimal?: boolean
  speculative?: SpeculativeStats
}
