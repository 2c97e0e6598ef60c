import type { StrategySpec } from './strategy-spec'
import type { SequenceMetrics } from './metrics/sequence-metrics'
import type { ModelDescription } from './model-description'
import type { ModelKind, Sequence, SpeculativeStats, TreeNode } from './types'

/** Stored records as every side (store, CLI, app) sees them. */

/** Every status a run can have: the contract, the report format and the history's filter take them from here; the store's CHECK lists them too (a test compares). */
export const RUN_STATUSES = ['running', 'done', 'cancelled', 'failed', 'interrupted'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

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

/** An experiment as the history lists it: its runs, and the most probable sequence any of them returned. */
export interface ExperimentSummary {
  id: number
  model: string
  modelKind: string
  prompt: string
  createdAt: string
  /** In their order in the experiment. */
  runs: RunSummary[]
  /** Null while no run has returned a sequence. */
  best: { runId: number; tokens: string[]; probability: number } | null
  /** Branch runs' forced tokens by run id, which name them ("greedy after 天 → 好 (forced)"). */
  forced: Record<number, string[]>
}

export interface RunDetail extends RunSummary {
  sequences: Sequence[]
  tree: TreeNode[]
  /** Speculative runs: what the draft model proposed and the target accepted. */
  speculative?: SpeculativeStats
  /** Degeneration metrics, once computed (the app computes them for every run). */
  metrics?: RunMetrics
  /** What is needed to reproduce the run; absent for runs stored before it was recorded. */
  provenance?: RunProvenance
}

/** A run's degeneration metrics: each sequence's, and across the run's sequences. */
export interface RunMetrics {
  sequences: SequenceMetrics[]
  selfBleu4: number | null
  zipf: number | null
  /** log P(exact optimum) − log P(best sequence); null when exact search is not tractable or was not tried. */
  searchGap: number | null
  /** Why searchGap is null when its exact search was tried and stopped short (a limit of time, memory or hypotheses). */
  searchGapNote?: string
}

/** What a run needs to be reproduced, recorded when it ran. */
export interface RunProvenance {
  app: { name: string; version: string }
  model: {
    id: string
    kind: string
    /** sha256 of the model's file; null when it has none here (a remote engine) or it could not be read. */
    sha256: string | null
    /** GGUF files only: the file type it declares, or its dominant tensor type. */
    quantisation: ModelDescription['quantisation']
  }
  backend: ModelDescription['backend']
  strategy: {
    name: string
    /** Every parameter, processors at their neutral values included, and the processor order by name. */
    parameters: Record<string, number | string>
    /** The processors that act, in the order they act. */
    chain: string[]
    seed: number | null
  }
  /** Why a re-run may not repeat this run token for token; null when it will. */
  nondeterminism: ModelDescription['nondeterminism']
  /** Runs "as chat": the hash of the chat template that rendered the prompt, and the system prompt (null: none). */
  chat?: { templateSha256: string; system: string | null }
  /** The load options the run set (absent: the defaults): a branch or re-run loads the model the same way. */
  modelOptions?: RunModelOptions
}

export interface RunModelOptions {
  contextSize?: number
  gpuLayers?: 'auto' | number
}
