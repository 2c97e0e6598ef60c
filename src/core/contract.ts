import { z } from 'zod'
import type { Discovery } from './discovered-model'
import { lazyRecord, once } from './lazy-record'
import {
  RUN_STATUSES,
  type Experiment,
  type ExperimentSummary,
  type ModelInfo,
  type RunDetail,
  type RunSummary,
} from './records'
import { REPORT_LOCALES } from './report/report-messages'
import { strategyEntry } from './strategies'
import { STRATEGY_NAMES, validateStrategy, type StrategyName, type StrategySpec } from './strategy-spec'
import { InputError } from './errors'
import { parseOrder } from './processors/order'
import type { StepUnderOrder } from './strategies/step-under-order'
import type { SweepDetail, SweepSummary } from './sweep/sweep-records'

/**
 * Everything the renderer may ask of the main process, and every event it may receive.
 * The Electron IPC bridge and the browser-mode HTTP transport both bind exactly this, and both
 * validate every payload with these schemas before it reaches a service.
 */

/** Characters of training text the app sends for an n-gram model; larger texts go through the CLI. */
export const MAX_TRAINING_TEXT = 10_000_000
/** The largest JSON report `report.import` takes, in bytes (the app's own exports reach 80 MB). */
export const MAX_REPORT_BYTES = 200_000_000

/** Generated tokens per hypothesis at most, in the app and the CLI alike. */
export const MAX_TOKENS = 4096

/** Layers a GPU-layers setting may ask for; the deepest real models have a few hundred. */
export const MAX_GPU_LAYERS = 10_000

/** Prompts of one sweep from the app (one per line of the picked file). */
export const MAX_SWEEP_PROMPTS = 1000

const id = z.number().int().positive()
const status = z.enum(RUN_STATUSES)
/** A strategy as the app sends it and as events carry it: its parameters as given. */
const strategyShape = once(() =>
  z
    .strictObject({
      name: z.enum(STRATEGY_NAMES as [string, ...string[]]),
      params: z.record(z.string(), z.number()),
      /** speculative: the draft model's id or path; contrastive: the amateur's. */
      draft: z.string().min(1).max(4096).optional(),
      /** Text parameters: mbr's and vote's proposal, utility, answerPattern; sample's logitBias; score's text (as long as score.start's). */
      textParams: z.record(z.string(), z.string().max(100_000)).optional(),
      /** Token ids forced after the prompt (branching by hand from a tree node). */
      forced: z.array(z.number().int().min(0)).min(1).max(4096).optional(),
      /** Text the worker tokenizes with the model and forces after the prompt (a branch whose text was edited); not with `forced`. */
      forcedText: z.string().min(1).max(100_000).optional(),
    })
    .refine((s) => s.forced === undefined || s.forcedText === undefined, {
      message: 'give forced or forcedText, not both',
      path: ['forcedText'],
    }),
)

/** A strategy of a request, validated here once by its registry entry: defaults filled in, seeds left to the service. */
export type RequestStrategy = StrategySpec & { forcedText?: string }

/** An issue whose message is the whole user-facing error, not prefixed with where in the request it sits. */
const VERBATIM = 'decoding-lab:verbatim'

const strategy = once(() =>
  strategyShape().transform((s, ctx): RequestStrategy => {
    const name = s.name as StrategyName
    const entry = strategyEntry(name)
    try {
      if (entry.takesDraft && !s.draft) {
        throw new InputError(
          entry.modelKey === 'amateur'
            ? `${name} needs an amateur model: pick one of the models (with the same vocabulary) as its amateur`
            : `${name} needs a draft model: pick one of the models as its draft`,
        )
      }
      const spec = validateStrategy(name, { ...s.params, ...s.textParams, ...(s.draft ? { draft: s.draft } : {}) })
      return {
        ...spec,
        ...(s.draft ? { draft: s.draft } : {}),
        ...(s.forced ? { forced: s.forced } : {}),
        ...(s.forcedText ? { forcedText: s.forcedText } : {}),
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err
      ctx.addIssue({ code: 'custom', message: err.message, params: { [VERBATIM]: true } })
      return z.NEVER
    }
  }),
)

// Built on first use (lazy-record.ts): the renderer checks events only, never requests.
export const REQUESTS = lazyRecord({
  'models.list': () => z.strictObject({}),
  'models.addNgram': () =>
    z.strictObject({
      name: z.string().min(1).max(100),
      order: z.number().int().min(1).max(10),
      unit: z.enum(['char', 'word']),
      fileName: z.string().min(1).max(4096),
      text: z.string().max(MAX_TRAINING_TEXT),
    }),
  'models.addRemote': () =>
    z.strictObject({
      name: z.string().min(1).max(100),
      url: z.string().min(1).max(2048),
      model: z.string().min(1).max(500),
      /** The engine's dialect; detected when absent. */
      api: z.enum(['openai', 'llama-server']).optional(),
      /**
       * The environment variable that holds the API key; the key itself never crosses this boundary.
       * Only DECODING_LAB_* names: any other would let a page send the app's secrets to a URL it chose.
       */
      apiKeyEnv: z
        .string()
        .regex(
          /^DECODING_LAB_[A-Z0-9_]+$/,
          'must be an environment variable named DECODING_LAB_…, e.g. DECODING_LAB_ENGINE_KEY',
        )
        .optional(),
      /** The key itself: only the desktop app takes it, and keeps it encrypted with the OS keychain. */
      apiKey: z.string().min(1).max(4096).optional(),
    }),
  'models.openFile': () => z.strictObject({ path: z.string().min(1).max(4096) }),
  'models.pickFile': () => z.strictObject({}),
  /** Lists the GGUF files in LM Studio's, Hugging Face's and Ollama's folders, and in the folders the user added. */
  'models.discover': () => z.strictObject({ folders: z.array(z.string().min(1).max(4096)).max(32) }),
  'experiment.start': () =>
    z.strictObject({
      model: z.string().min(1).max(4096),
      prompt: z.string().max(100_000),
      strategies: z.array(strategy()).min(1).max(32),
      maxTokens: z.number().int().min(0).max(MAX_TOKENS),
      topN: z.number().int().min(1).max(1000),
      /** A model option: the tokens a GGUF model's context holds, up to its trained length (refused above it; not for other kinds). */
      contextSize: z
        .number()
        .int()
        .min(1)
        .max(2 ** 24)
        .optional(),
      /** Adds the runs to this experiment (a branch) instead of a new one; model, prompt and limits must be the experiment's. */
      experimentId: id.optional(),
      /** GGUF models: layers offloaded to the GPU, 'auto' (the default) as many as fit; 0 keeps the model on the CPU. */
      gpuLayers: z.union([z.literal('auto'), z.number().int().min(0).max(MAX_GPU_LAYERS)]).optional(),
      /** GGUF models with a chat template: the prompt as a user turn of it (true by default where the model has one). */
      chat: z.boolean().optional(),
      /** With chat: a system turn before the user's. */
      system: z.string().max(100_000).optional(),
    }),
  /** Scores `text` after `prompt` under the model and saves it in history as a run named score; job.finished carries its experiment. */
  'score.start': () =>
    z.strictObject({
      model: z.string().min(1).max(4096),
      prompt: z.string().max(100_000),
      text: z.string().min(1, 'the text to score is empty: paste some text first').max(100_000),
      topN: z.number().int().min(1).max(1000),
      contextSize: z
        .number()
        .int()
        .min(1)
        .max(2 ** 24)
        .optional(),
      gpuLayers: z.union([z.literal('auto'), z.number().int().min(0).max(MAX_GPU_LAYERS)]).optional(),
    }),
  'job.cancel': () => z.strictObject({ jobId: id }),
  /** A stored step of a sample run under another order: the node whose distribution it is, and the order (hf, llama or a>b>c). */
  'step.compareOrder': () =>
    z.strictObject({
      runId: id,
      nodeId: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31),
      order: z
        .string()
        .min(1, 'name an order: hf, llama or a list such as temperature>topK>topP')
        .max(400)
        .transform((text, ctx) => {
          try {
            return parseOrder(text)
          } catch (err) {
            if (!(err instanceof InputError)) throw err
            ctx.addIssue({ code: 'custom', message: err.message, params: { [VERBATIM]: true } })
            return z.NEVER
          }
        }),
    }),
  'runs.list': () =>
    z.strictObject({
      query: z.string().max(1000).optional(),
      model: z.string().max(4096).optional(),
      strategy: z.string().max(64).optional(),
      status: status.optional(),
      limit: z.number().int().min(1).max(1000),
      offset: z.number().int().min(0),
    }),
  /** The history: experiments newest first, filtered as runs.list filters runs (strategy and status: one of its runs has both). */
  'experiments.list': () =>
    z.strictObject({
      query: z.string().max(1000).optional(),
      model: z.string().max(4096).optional(),
      strategy: z.string().max(64).optional(),
      status: status.optional(),
      limit: z.number().int().min(1).max(1000),
      offset: z.number().int().min(0),
    }),
  'run.get': () => z.strictObject({ runId: id }),
  'experiment.get': () => z.strictObject({ experimentId: id }),
  'run.delete': () => z.strictObject({ runId: id }),
  'report.export': () =>
    z.strictObject({
      target: z.union([z.strictObject({ runId: id }), z.strictObject({ experimentId: id })]),
      format: z.enum(['html', 'pdf', 'json', 'csv', 'dot']),
      maxNodes: z.number().int().min(1).max(100_000).optional(),
      /** The language of an HTML or PDF report's words: the app's. English when absent. */
      locale: z.enum(REPORT_LOCALES).optional(),
    }),
  'report.import': () =>
    z.strictObject({ fileName: z.string().min(1).max(4096), text: z.string().max(MAX_REPORT_BYTES) }),
  /** A strategy grid crossed with prompts; `strategy` and `grid` are the CLI's --strategy and --grid texts (grid axes separated by ";"). Cancel with job.cancel. */
  'sweep.start': () =>
    z.strictObject({
      model: z.string().min(1).max(4096),
      prompts: z.array(z.string().max(100_000)).min(1).max(MAX_SWEEP_PROMPTS),
      strategy: z.string().min(1).max(1000),
      grid: z.string().min(1).max(10_000),
      /** Every cell under this many seeds (the CLI's --seeds): the sweep's metrics then get bootstrap intervals. */
      seeds: z.number().int().min(1).max(1000).optional(),
      maxTokens: z.number().int().min(0).max(MAX_TOKENS),
      topN: z.number().int().min(1).max(1000),
    }),
  'sweeps.list': () => z.strictObject({}),
  'sweep.get': () => z.strictObject({ sweepId: id }),
})

export type RequestChannel = keyof typeof REQUESTS
/** A request as the service receives it: validated, defaults filled in (strategies by their registry entries). */
export type RequestPayload<C extends RequestChannel> = z.output<(typeof REQUESTS)[C]>
/** A request as a caller sends it over a bridge, before validation. */
export type RequestInput<C extends RequestChannel> = z.input<(typeof REQUESTS)[C]>

/** The one Electron IPC channel that carries every event below to the renderer (as channel name and payload). */
export const EVENT_IPC_CHANNEL = 'lab:event'

export const EVENTS = lazyRecord({
  'run.started': () =>
    z.object({ jobId: id, experimentId: id, runId: id, index: z.number().int(), strategy: strategyShape() }),
  'run.progress': () =>
    z.object({
      jobId: id,
      runId: id,
      step: z.number().int(),
      maxTokens: z.number().int(),
      text: z.string(),
      treeNodes: z.number().int(),
    }),
  'run.finished': () => z.object({ jobId: id, runId: id, status, error: z.string().nullable() }),
  'job.finished': () => z.object({ jobId: id, experimentId: id.nullable(), error: z.string().nullable() }),
  /** Cells (cell × prompt) done of the total, earlier sessions' included; time left from this session's wall time per finished cell. */
  'sweep.progress': () =>
    z.object({
      jobId: id,
      sweepId: id,
      done: z.number().int(),
      total: z.number().int(),
      elapsedMs: z.number(),
      etaMs: z.number().nullable(),
    }),
  /** Before its job.finished, which then carries no error: a sweep reports its own here. */
  'sweep.finished': () =>
    z.object({
      jobId: id,
      sweepId: id.nullable(),
      done: z.number().int(),
      total: z.number().int(),
      cancelled: z.boolean(),
      error: z.string().nullable(),
    }),
})

export type EventChannel = keyof typeof EVENTS
export type EventPayload<C extends EventChannel> = z.output<(typeof EVENTS)[C]>

export const REQUEST_CHANNELS = Object.keys(REQUESTS) as RequestChannel[]
export const EVENT_CHANNELS = Object.keys(EVENTS) as EventChannel[]

export function isRequestChannel(name: string): name is RequestChannel {
  return Object.hasOwn(REQUESTS, name)
}

/** Validates a payload at the boundary; the message names the faulty field. */
export function parseRequest<C extends RequestChannel>(channel: C, payload: unknown): RequestPayload<C> {
  const result = REQUESTS[channel].safeParse(payload)
  if (!result.success) {
    const issue = result.error.issues[0]
    if (issue.code === 'custom' && issue.params?.[VERBATIM] === true) throw new InputError(issue.message)
    throw new ContractError(`invalid ${channel} request: ${issue.path.join('.') || 'payload'}: ${issue.message}`)
  }
  return result.data as RequestPayload<C>
}

export class ContractError extends Error {
  override name = 'ContractError'
}

/** What each request answers. */
export interface ResponseMap {
  /** `chatModels`: the ids and recent files whose model has a chat template, so the app offers "As chat" for them alone. */
  'models.list': { models: ModelInfo[]; recent: string[]; chatModels: string[] }
  'models.addNgram': { model: ModelInfo; replaced: boolean }
  'models.addRemote': { model: ModelInfo; api: 'openai' | 'llama-server'; replaced: boolean; vocabSize: number }
  /** The file, made absolute and remembered among the recent files. */
  'models.openFile': { path: string; kind: 'table' | 'ngram' | 'gguf' }
  /** The desktop app's open dialog; null when the user cancelled it. */
  'models.pickFile': { path: string | null }
  'models.discover': Discovery
  'experiment.start': { jobId: number }
  'score.start': { jobId: number }
  'job.cancel': { cancelled: boolean }
  'step.compareOrder': StepUnderOrder
  'runs.list': { runs: RunSummary[]; total: number }
  'experiments.list': { experiments: ExperimentSummary[]; total: number }
  'run.get': RunDetail
  'experiment.get': { experiment: Experiment; runs: RunDetail[] }
  'run.delete': { deleted: boolean }
  /** One file, or two for csv (nodes and sequences), base64-encoded for either transport. */
  'report.export': { files: { fileName: string; mime: string; base64: string }[] }
  'report.import': { experimentId: number; created: boolean; runIds: number[] }
  'sweep.start': { jobId: number }
  'sweeps.list': { sweeps: SweepSummary[] }
  'sweep.get': SweepDetail
}

export type LabApi = { [C in RequestChannel]: (payload: RequestPayload<C>) => Promise<ResponseMap[C]> }

/** What every transport sends back: a result, or an error message meant for the user. */
export type Envelope = { ok: true; result: unknown } | { ok: false; error: string; kind: 'input' | 'internal' }

/** A transport as the preload script or the browser-mode client exposes it to the renderer. */
export interface RawBridge {
  invoke(channel: RequestChannel, payload: unknown): Promise<Envelope>
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void
}

/** The typed surface the renderer uses over either transport. */
export interface LabBridge {
  invoke<C extends RequestChannel>(channel: C, payload: RequestInput<C>): Promise<ResponseMap[C]>
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void
}

/** Types a raw transport; a refused request becomes an Error carrying the user-facing message. */
export function typedBridge(raw: RawBridge): LabBridge {
  return {
    async invoke(channel, payload) {
      const envelope = await raw.invoke(channel, payload)
      if (!envelope.ok) throw new Error(envelope.error)
      return envelope.result as never
    },
    on: (channel, listener) =>
      raw.on(channel, (payload) => {
        const event = parseEvent(channel, payload)
        if (event.ok) listener(event.payload as never)
        else console.warn(event.error)
      }),
  }
}

/**
 * Checks an event from the main process against its schema, as requests are checked on their way
 * in: the renderer drops one that does not match rather than drawing from it.
 */
export function parseEvent<C extends EventChannel>(
  channel: C,
  payload: unknown,
): { ok: true; payload: EventPayload<C> } | { ok: false; error: string } {
  if (!Object.hasOwn(EVENTS, channel)) return { ok: false, error: `unknown event "${String(channel)}" dropped` }
  const result = EVENTS[channel].safeParse(payload)
  if (result.success) return { ok: true, payload: result.data as EventPayload<C> }
  const issue = result.error.issues[0]
  return {
    ok: false,
    error: `invalid ${channel} event dropped: ${issue.path.join('.') || 'payload'}: ${issue.message}`,
  }
}
