import type { Sequence } from '../types'

export interface StrategyOutput {
  sequences: Sequence[]
  optimal?: boolean
}
