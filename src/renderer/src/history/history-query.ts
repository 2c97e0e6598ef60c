import { MAX_TOKENS, type RequestPayload } from '../../../core/contract'
import { isScoreRun } from '../tree/branch-strategy'
import type { Experiment, RunProvenance, RunStatus, RunSummary } from '../../../core/records'
import { shortStrategy } from '../app/run-names'
import type { ComposeRequest } from '../compose/ComposeForm'

/** Experiments asked for at a time, as the list scrolls to them. */
export const PAGE_SIZE = 50

export interface HistoryFilters {
  query: string
  model: string
  strategy: string
  status: RunStatus | ''
}

export const NO_FILTERS: HistoryFilters = { query: '', model: '', strategy: '', status: '' }

export function isFiltered(f: HistoryFilters): boolean {
  return f.query !== '' || f.model !== '' || f.strategy !== '' || f.status !== ''
}

/** One page of the history as an `experiments.list` request; empty filters are left out. */
export function listRequest(
  f: HistoryFilters,
  page: number,
  pageSize: number = PAGE_SIZE,
): RequestPayload<'experiments.list'> {
  const request: RequestPayload<'experiments.list'> = { limit: pageSize, offset: page * pageSize }
  if (f.query) request.query = f.query
  if (f.model) request.model = f.model
  if (f.strategy) request.strategy = f.strategy
  if (f.status) request.status = f.status
  return request
}

/** The pages that hold rows `first` to `last` (0-based, inclusive). */
export function pagesFor(first: number, last: number, pageSize: number = PAGE_SIZE): number[] {
  if (last < first) return []
  const pages: number[] = []
  for (let p = Math.floor(first / pageSize); p <= Math.floor(last / pageSize); p++) pages.push(p)
  return pages
}

/** An experiment's strategies by short name, each once, in the order of its runs: "greedy, beam 2". */
export function strategyNames(runs: readonly Pick<RunSummary, 'strategy'>[]): string {
  return [...new Set(runs.map((r) => shortStrategy(r.strategy)))].join(', ')
}

/**
 * The request that decodes a stored run again: its experiment's model, prompt and limits, and its
 * strategy with every recorded parameter (its text parameters and second model too).
 */
export function rerunRequest(experiment: Experiment, run: RunSummary, provenance?: RunProvenance): ComposeRequest {
  const { name, params, draft, textParams } = run.strategy
  return {
    model: experiment.modelId,
    prompt: experiment.prompt,
    strategies: [
      {
        name,
        params: { ...params },
        ...(draft === undefined ? {} : { draft }),
        ...(textParams && Object.keys(textParams).length > 0 ? { textParams: { ...textParams } } : {}),
      },
    ],
    // A scored text is never cut, whatever max tokens says; its experiment's is the text's length, which may pass the limit.
    maxTokens: isScoreRun(run.strategy) ? Math.min(experiment.maxTokens, MAX_TOKENS) : experiment.maxTokens,
    topN: experiment.topN,
    ...rerunChat(experiment, provenance),
    ...rerunModelOptions(provenance),
  }
}

/** The context size and GPU layers the run's record names, so the re-run loads the model as the run did. */
function rerunModelOptions(p: RunProvenance | undefined): Pick<ComposeRequest, 'contextSize' | 'gpuLayers'> {
  const o = p?.modelOptions
  return {
    ...(o?.contextSize === undefined ? {} : { contextSize: o.contextSize }),
    ...(typeof o?.gpuLayers === 'number' ? { gpuLayers: o.gpuLayers } : {}),
  }
}

/** The chat setting the run's record names: as chat with its system prompt, or raw; the model's default when nothing was recorded. */
function rerunChat(experiment: Experiment, p: RunProvenance | undefined): Pick<ComposeRequest, 'chat' | 'system'> {
  if (p?.chat) return p.chat.system === null ? {} : { system: p.chat.system }
  return p && experiment.modelKind === 'gguf' ? { chat: false } : {}
}

/** A sampling run's recorded seed, which makes its re-run draw the same sample. */
export function recordedSeed(run: Pick<RunSummary, 'strategy'>): number | null {
  return run.strategy.params.seed ?? null
}
