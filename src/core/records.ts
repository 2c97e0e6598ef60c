import type { StrategySpec } from './strategy-spec'
import type { ModelKind, Sequence, TreeNode } from './types'

/** Stored records as every side (store, CLI, app) sees them. */

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted'

export interface ModelInfo {
  id: string
  kind: ModelKind
  builtin: boolean
  description: string
}

export interface ExperimentInput {
  modelId: string
  modelKind: string
  vocabSize: number
  prompt: string
  promptTokens: string[]
  maxTokens: number
  topN: number
}

export interface Experiment extends ExperimentInput {
  id: number
  createdAt: string
}

export interface RunSummary {
  id: number
  experimentId: number
  position: number
  model: string
  modelKind: string
  prompt: string
  strategy: StrategySpec
  status: RunStatus
  error: string | null
  optimal: boolean | null
  warnings: string[]
  createdAt: string
  finishedAt: string | null
  elapsedMs: number | null
  treeNodes: number
}

export interface RunDetail extends RunSummary {
  sequences: Sequence[]
  tree: TreeNode[]
}
