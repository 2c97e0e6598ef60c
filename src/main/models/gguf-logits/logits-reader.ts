import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { LlamaContext } from 'node-llama-cpp'
import type { LogitsSummary } from '../../../core/types'

/** The addon built by scripts/build-logits-addon.cjs from logits-addon.cc. */
interface LogitsAddon {
  describe(ctx: object): { batchSize?: number; threads?: number; loaded?: boolean }
  check(ctx: object): { contextSize: number; vocabSize: number }
  logits(ctx: object, batchLogitIndex: number, out: Float32Array): void
  /** Older builds lack it: the row is then summarised in JS. */
  summary?(
    ctx: object,
    batchLogitIndex: number,
    out: Float32Array,
    ids: Int32Array,
    top: Float32Array,
    stats: Float64Array,
  ): number
  /** Copies the row and returns its most probable token (ties to the lower id); -1 when none. */
  argmax?(ctx: object, batchLogitIndex: number, out: Float32Array): number
  /** summary() of a row already copied. */
  rowSummary?(row: Float32Array, ids: Int32Array, top: Float32Array, stats: Float64Array): number
}

/** Top entries the addon selects per row: enough for the tree's top-n and a beam's candidates. */
export const SUMMARY_TOP = 64

const summaries = new WeakMap<Float32Array, LogitsSummary>()
/** Rows copied with only their most probable token found (greedy's evaluation ahead): summarised later. */
const argmaxes = new WeakMap<Float32Array, number>()

/** The summary the addon made of a row in the same pass that copied it, if it did. */
export function summaryOf(row: Float32Array): LogitsSummary | undefined {
  return summaries.get(row)
}

/** node-llama-cpp's per-context addon object; `sampleToken` is what its evaluation calls after each batch. */
interface AddonContextObject {
  sampleToken(batchLogitIndex: number, sampler: unknown, probabilities?: boolean, confidence?: boolean): unknown
}

const require = createRequire(__filename)

/** Where the build script puts the addon: with node_modules, so that a reinstall of node-llama-cpp drops it. */
export function logitsAddonPath(): string {
  if (process.env.DECODING_LAB_LOGITS_ADDON) return process.env.DECODING_LAB_LOGITS_ADDON
  // node-llama-cpp/dist/index.js, two levels below node_modules/node-llama-cpp.
  const nlc = path.dirname(path.dirname(require.resolve('node-llama-cpp')))
  return path.join(nlc, '..', '.decoding-lab', 'logits-addon.node')
}

let addon: { value: LogitsAddon | null; reason: string } | null = null

function loadAddon(): { value: LogitsAddon | null; reason: string } {
  if (addon) return addon
  const file = logitsAddonPath()
  if (!fs.existsSync(file)) {
    addon = { value: null, reason: `${file} is not built (npm run build:native builds it)` }
  } else {
    try {
      addon = { value: require(file) as LogitsAddon, reason: '' }
    } catch (err) {
      addon = { value: null, reason: `cannot load ${file}: ${(err as Error).message}` }
    }
  }
  return addon
}

export type LogitsCapture =
  | {
      ok: true
      /**
       * While on, a row is copied with its most probable token alone (argmaxOf), where the addon can
       * summarise it afterwards (summarizeRow): greedy's evaluation ahead starts before the summary.
       */
      deferSummaries(on: boolean): void
    }
  | { ok: false; reason: string }

/** The most probable token of a row copied while summaries were deferred, if it was. */
export function argmaxOf(row: Float32Array): number | undefined {
  return argmaxes.get(row)
}

/** The addon's summary of a row copied earlier; undefined where the addon cannot (the core then summarises it). */
export function summarizeRow(row: Float32Array): LogitsSummary | undefined {
  const lib = loadAddon().value
  if (!lib?.rowSummary) return undefined
  const summary = summaryInto((ids, top, stats) =>
    (lib.rowSummary as NonNullable<LogitsAddon['rowSummary']>)(row, ids, top, stats),
  )
  summaries.set(row, summary)
  return summary
}

function summaryInto(fill: (ids: Int32Array, top: Float32Array, stats: Float64Array) => number): LogitsSummary {
  const ids = new Int32Array(SUMMARY_TOP)
  const top = new Float32Array(SUMMARY_TOP)
  const stats = new Float64Array(3)
  const count = fill(ids, top, stats)
  return { max: stats[0], z: stats[1], zx: stats[2], ids: ids.subarray(0, count), logits: top.subarray(0, count) }
}

/**
 * Makes `context` hand over raw logits instead of sampling: afterwards, an evaluation that asks for the
 * next token's `confidence` gets the logits row (a Float32Array) there instead. node-llama-cpp's only
 * other route is a Map of the whole vocabulary built one entry at a time, which on a 32k vocabulary
 * costs several times the forward pass.
 *
 * Each row goes into `row()`: a new array unless the model pools them (LogitsPool).
 *
 * The addon reads node-llama-cpp's private context object; before trusting it, fields read through the
 * addon must match what node-llama-cpp reports. Otherwise nothing is changed and the reason is returned.
 */
export function captureLogits(
  context: LlamaContext,
  vocabSize: number,
  row: () => Float32Array = () => new Float32Array(vocabSize),
): LogitsCapture {
  const { value: lib, reason } = loadAddon()
  if (!lib) return { ok: false, reason }
  const inner = (context as unknown as { _ctx?: AddonContextObject })._ctx
  if (!inner || typeof inner.sampleToken !== 'function')
    return { ok: false, reason: 'this node-llama-cpp has no _ctx.sampleToken' }
  const seen = lib.describe(inner)
  // node-llama-cpp gives llama.cpp one more batch slot than it reports on a sliding-window model (Gemma 3)
  // without a full-size cache.
  const swa = (context.model.fileInsights.swaSize ?? 0) > 0
  const batches = swa ? [context.batchSize, context.batchSize + 1] : [context.batchSize]
  if (!seen.loaded || !batches.includes(seen.batchSize as number) || seen.threads !== context.currentThreads) {
    return { ok: false, reason: `the addon does not match this node-llama-cpp (saw ${JSON.stringify(seen)})` }
  }
  const checked = lib.check(inner)
  if (checked.contextSize !== context.getAllocatedContextSize() || checked.vocabSize !== vocabSize) {
    return { ok: false, reason: `the addon does not match this context (saw ${JSON.stringify(checked)})` }
  }
  let deferred = false
  // The addon's methods are read-only on its prototype: an own property shadows it for this context only.
  Object.defineProperty(inner, 'sampleToken', {
    value: (batchLogitIndex: number) => {
      const logits = row()
      summaries.delete(logits)
      argmaxes.delete(logits)
      if (deferred && lib.argmax && lib.rowSummary) {
        argmaxes.set(logits, lib.argmax(inner, batchLogitIndex, logits))
      } else if (lib.summary) {
        const summary = lib.summary
        summaries.set(
          logits,
          summaryInto((ids, top, stats) => summary(inner, batchLogitIndex, logits, ids, top, stats)),
        )
      } else {
        lib.logits(inner, batchLogitIndex, logits)
      }
      // The token is never used: callers choose their own (-1 would make node-llama-cpp stop).
      return [0, undefined, logits]
    },
  })
  return { ok: true, deferSummaries: (on) => (deferred = on) }
}
