import type { Database } from 'better-sqlite3'
import { contextOf, decode, type RunOptions } from '../../core/decode'
import type { HostedGgufModel } from '../models/gguf-host/hosted-gguf-model'
import { CancelledError, DecodeError, InputError } from '../../core/errors'
import { exactOptimum, type ExactOptimum } from '../../core/metrics/exact-optimum'
import { searchGap, selfBleu4, zipfCoefficient } from '../../core/metrics/run-metrics'
import { sequenceMetrics, textTokens } from '../../core/metrics/sequence-metrics'
import type { RunMetrics, RunModelOptions } from '../../core/records'
import type { StrategySpec } from '../../core/strategy-spec'
import type { LanguageModel, RunProgress, RunResult, TokenId, TreeNode } from '../../core/types'
import { createExperiment } from '../store/experiments-repo'
import { type ChatPrompt, chatPrompt } from '../chat-prompt'
import { runProvenance } from '../provenance/run-provenance'
import {
  createRun,
  finishRun,
  nextRunPosition,
  setRunMetrics,
  setRunProvenance,
  type RunStatus,
} from '../store/runs-repo'

export interface ExperimentRequest {
  model: LanguageModel
  prompt: string
  strategies: StrategySpec[]
  maxTokens: number
  topN: number
  signal?: AbortSignal
  /** Computes degeneration metrics for every run and stores them, the search gap included (one exact search per experiment). */
  metrics?: boolean
  /** With `metrics`: false leaves the search gap null instead of running an exact search (neural models in the app). */
  searchGap?: boolean
  yieldToEventLoop?: () => Promise<void>
  /** Draft models of speculative specs, by the name their spec gives (StrategySpec.draft). */
  draftModels?: ReadonlyMap<string, LanguageModel>
  /** An existing experiment to add the runs to, after its last run (a branch); a new experiment when absent. */
  experimentId?: number
  onExperiment?: (experimentId: number) => void
  onRunStart?: (index: number, runId: number, spec: StrategySpec) => void
  onProgress?: (index: number, p: RunProgress, runId: number) => void
  onRunFinished?: (report: RunReport) => void
  /** "As chat": the prompt as a user turn of the model's chat template, after this system prompt (null: none). */
  chat?: { system: string | null } | null
  /** The chat prompt, once rendered (runExperiment renders it from `chat`); its text becomes the tree's root. */
  chatPrompt?: ChatPrompt
  /** The load options `model` was loaded with, recorded in each run's provenance. */
  modelOptions?: RunModelOptions
}

export interface RunReport {
  id: number
  strategy: StrategySpec
  status: Exclude<RunStatus, 'running'>
  result?: RunResult
  error?: Error
  elapsedMs: number
  metrics?: RunMetrics
}

export type { RunMetrics }

/** Decodes each strategy in turn, storing each run as `running` first and then with its tree; in a new experiment, or after the runs of `req.experimentId`. */
export async function runExperiment(
  db: Database,
  given: ExperimentRequest,
): Promise<{ experimentId: number; runs: RunReport[] }> {
  const req =
    given.chat && !given.chatPrompt
      ? { ...given, chatPrompt: await chatPrompt(given.model, given.chat.system, given.prompt) }
      : given
  const promptIds = req.chatPrompt ? req.chatPrompt.ids : await req.model.tokenize(req.prompt)
  checkPromptFits(req.model, promptIds)
  const experimentId =
    req.experimentId ??
    createExperiment(db, {
      modelId: req.model.id,
      modelKind: req.model.kind,
      vocabSize: req.model.vocabSize,
      prompt: req.prompt,
      promptTokens: promptIds.map((id) => req.model.tokenText(id)),
      maxTokens: req.maxTokens,
      topN: req.topN,
    })
  req.onExperiment?.(experimentId)
  const first = req.experimentId === undefined ? 0 : nextRunPosition(db, experimentId)
  const runs: RunReport[] = []
  for (const [index, spec] of req.strategies.entries()) {
    const report = await runOne(db, req, experimentId, promptIds, first + index, spec)
    runs.push(report)
    req.onRunFinished?.(report)
    if (report.status === 'cancelled') break
  }
  if (req.metrics && !req.signal?.aborted) await addMetrics(db, req, promptIds, runs)
  return { experimentId, runs }
}

/** Stores one run of an experiment as `running`, decodes it and stores how it ended. */
export async function runOne(
  db: Database,
  req: Omit<ExperimentRequest, 'strategies' | 'prompt'>,
  experimentId: number,
  promptIds: readonly TokenId[],
  index: number,
  spec: StrategySpec,
): Promise<RunReport> {
  const id = createRun(db, experimentId, index, spec)
  req.onRunStart?.(index, id, spec)
  // Hashing a large model file runs while the run decodes.
  const provenance = runProvenance(req.model, spec, req.chatPrompt?.record, req.modelOptions).then(
    (p) => setRunProvenance(db, id, p),
    () => undefined,
  )
  const start = performance.now()
  try {
    const result = await decodeBesideModel(req.model, promptIds, spec, {
      maxTokens: req.maxTokens,
      topN: req.topN,
      signal: req.signal,
      yieldToEventLoop: req.yieldToEventLoop,
      onProgress: (p) => req.onProgress?.(index, p, id),
      draftModel: spec.draft === undefined ? undefined : req.draftModels?.get(spec.draft),
    })
    const elapsedMs = performance.now() - start
    if (req.chatPrompt) result.tree[0].text = req.chatPrompt.text
    finishRun(db, id, { status: 'done', result, elapsedMs })
    await provenance
    return { id, strategy: spec, status: 'done', result, elapsedMs }
  } catch (err) {
    const elapsedMs = performance.now() - start
    const status = err instanceof CancelledError ? 'cancelled' : 'failed'
    const error = err instanceof Error ? err : new DecodeError(String(err))
    const tree = partialTreeOf(err)
    if (req.chatPrompt && tree[0]) tree[0].text = req.chatPrompt.text
    finishRun(db, id, { status, elapsedMs, tree, error: error.message })
    await provenance
    return { id, strategy: spec, status, error, elapsedMs }
  }
}

async function addMetrics(db: Database, req: ExperimentRequest, promptIds: number[], runs: RunReport[]): Promise<void> {
  const optimum = req.searchGap === false ? { logProb: null } : await optimumLogProb(req, promptIds, runs)
  for (const r of runs) {
    r.metrics = runMetricsOf(r, optimum)
    if (r.result) setRunMetrics(db, r.id, r.metrics)
  }
}

/** A run's degeneration metrics; its search gap against `optimum`, the exact optimum (a null logProb: unknown, with why in its note). */
export function runMetricsOf(r: RunReport, optimum: number | null | ExactOptimum): RunMetrics {
  const { logProb, note } =
    optimum !== null && typeof optimum === 'object' ? optimum : { logProb: optimum, note: undefined }
  const sequences = r.result?.sequences ?? []
  const texts = sequences.map(textTokens)
  return {
    sequences: sequences.map((s) => sequenceMetrics(s, r.result?.tree ?? [])),
    selfBleu4: selfBleu4(texts),
    zipf: zipfCoefficient(texts),
    // A forced run is compared with no optimum: the unforced one would measure what forcing cost.
    searchGap: r.strategy.forced?.length
      ? null
      : searchGap(
          logProb,
          sequences.map((s) => s.logProb),
        ),
    ...(note !== undefined && !r.strategy.forced?.length && sequences.length > 0 ? { searchGapNote: note } : {}),
  }
}

/** From an exact run that proved its optimum, else from an exact search of its own within its limits. */
async function optimumLogProb(req: ExperimentRequest, promptIds: number[], runs: RunReport[]): Promise<ExactOptimum> {
  if (!runs.some((r) => r.result?.sequences.length)) return { logProb: null }
  const proven = runs.find(
    (r) => r.strategy.name === 'exact' && !r.strategy.forced?.length && r.result?.optimal === true,
  )
  if (proven?.result) return { logProb: proven.result.sequences[0].logProb }
  try {
    return await exactOptimum(req.model, promptIds, req.maxTokens, {}, req.signal)
  } catch (err) {
    // A model that fails on some prefix exact search reaches: the optimum stays unknown.
    return { logProb: null, note: `search gap unknown: the exact search failed (${(err as Error).message})` }
  }
}

/**
 * A model in a host process decodes the whole run there, so that no step crosses the process boundary;
 * a speculative run, which also needs its draft model, decodes here.
 */
function decodeBesideModel(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  spec: StrategySpec,
  options: RunOptions,
): Promise<RunResult> {
  const hosted = model as Partial<Pick<HostedGgufModel, 'decodeInHost'>>
  if (typeof hosted.decodeInHost === 'function' && !options.draftModel)
    return hosted.decodeInHost(promptIds, spec, options)
  return decode(model, promptIds, spec, options)
}

function partialTreeOf(err: unknown): TreeNode[] {
  const tree = (err as { partialTree?: TreeNode[] } | null)?.partialTree
  return Array.isArray(tree) ? tree : []
}

/** A prompt the model's context cannot hold is bad input, refused before anything is stored. */
export function checkPromptFits(model: LanguageModel, promptIds: readonly TokenId[]): void {
  const length = contextOf(model, promptIds).length
  // Qwen's GGUF files have a BOS token but do not prepend it: an empty prompt leaves nothing to condition on.
  if (length === 0)
    throw new InputError(
      `the prompt is empty and ${model.id} adds no BOS token before it: this model needs a prompt, or use --chat`,
    )
  if (model.contextSize !== undefined && length > model.contextSize) {
    const bos = model.bos === null ? '' : ' with BOS'
    throw new InputError(
      `the prompt is ${length} tokens${bos}, longer than the context of ${model.id} (${model.contextSize} tokens): shorten it`,
    )
  }
}
