import type { SequenceMetrics } from '../metrics/sequence-metrics'
import type { RunStatus } from '../records'
import type { StrategySpec } from '../strategy-spec'
import type { GridAxis } from './sweep-grid'

/** A sweep as the app lists it: a strategy grid crossed with a list of prompts. */
export interface SweepSummary {
  /** The stored sweep of its first prompt (each prompt has its own experiment and sweep). */
  id: number
  model: string
  strategy: StrategySpec
  axes: GridAxis[]
  prompts: number
  firstPrompt: string
  /** Grid cells; every prompt runs each of them. */
  cells: number
  /** Runs in all: cells × prompts. */
  total: number
  done: number
  createdAt: string
}

export interface SweepSequence {
  text: string
  /** Token ids of the text (no final EOS), as Self-BLEU and Zipf read them. */
  textIds: number[]
  metrics: Omit<SequenceMetrics, 'steps'> | null
}

/** One cell on one prompt. */
export interface SweepOutput {
  prompt: number
  runId: number | null
  status: RunStatus | 'pending'
  sequences: SweepSequence[]
}

export interface SweepCell {
  index: number
  values: Record<string, number>
  strategy: StrategySpec
  outputs: SweepOutput[]
}

export interface SweepDetail {
  summary: SweepSummary
  prompts: string[]
  maxTokens: number
  topN: number
  cells: SweepCell[]
}
