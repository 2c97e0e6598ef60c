import type { Database } from 'better-sqlite3'
import { decode } from '../core/decode'
import { CancelledError, DecodeError } from '../core/errors'
import type { StrategySpec } from '../core/strategy-spec'
import type { LanguageModel, RunProgress, RunResult, TreeNode } from '../core/types'
import { createExperiment } from './store/experiments-repo'
import { createRun, finishRun, type RunStatus } from './store/runs-repo'

export interface ExperimentRequest {
  model: LanguageModel
  prompt: string
  strategies: StrategySpec[]
  maxTokens: number
  topN: number
  signal?: AbortSignal
  yieldToEventLoop?: () => Promise<void>
  onExperiment?: (experimentId: number) => void
  onRunStart?: (index: number, runId: number, spec: StrategySpec) => void
  onProgress?: (index: number, p: RunProgress, runId: number) => void
  onRunFinished?: (report: RunReport) => void
}

export interface RunReport {
  id: number
  strategy: StrategySpec
  status: Exclude<RunStatus, 'running'>
  result?: RunResult
  error?: Error
  elapsedMs: number
}

/** Decodes each strategy in turn, storing each run as `running` first and then with its tree. */
export async function runExperiment(db: Database, req: ExperimentRequest): Promise<{ experimentId: number; runs: RunReport[] }> {
  const promptIds = await req.model.tokenize(req.prompt)
  const experimentId = createExperiment(db, {
    modelId: req.model.id,
    modelKind: req.model.kind,
    vocabSize: req.model.vocabSize,
    prompt: req.prompt,
    promptTokens: promptIds.map((id) => req.model.tokenText(id)),
    maxTokens: req.maxTokens,
    topN: req.topN,
  })
  req.onExperiment?.(experimentId)
  const runs: RunReport[] = []
  for (const [index, spec] of req.strategies.entries()) {
    const id = createRun(db, experimentId, index, spec)
    req.onRunStart?.(index, id, spec)
    const start = performance.now()
    try {
      const result = await decode(req.model, promptIds, spec, {
        maxTokens: req.maxTokens,
        topN: req.topN,
        signal: req.signal,
        yieldToEventLoop: req.yieldToEventLoop,
        onProgress: (p) => req.onProgress?.(index, p, id),
      })
      const elapsedMs = performance.now() - start
      finishRun(db, id, { status: 'done', result, elapsedMs })
      runs.push({ id, strategy: spec, status: 'done', result, elapsedMs })
      req.onRunFinished?.(runs[runs.length - 1])
    } catch (err) {
      const elapsedMs = performance.now() - start
      const status = err instanceof CancelledError ? 'cancelled' : 'failed'
      const error = err instanceof Error ? err : new DecodeError(String(err))
      finishRun(db, id, { status, elapsedMs, tree: partialTreeOf(err), error: error.message })
      runs.push({ id, strategy: spec, status, error, elapsedMs })
      req.onRunFinished?.(runs[runs.length - 1])
      if (status === 'cancelled') break
    }
  }
  return { experimentId, runs }
}

function partialTreeOf(err: unknown): TreeNode[] {
  const tree = (err as { partialTree?: TreeNode[] } | null)?.partialTree
  return Array.isArray(tree) ? tree : []
}
