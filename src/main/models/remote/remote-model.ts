import { DecodeError, InputError, TokenizeError } from '../../../core/errors'
import type { ModelDescription } from '../../../core/model-description'
import type { Distribution, LanguageModel, TokenId } from '../../../core/types'
import { baseUrl, call, callOptional, noLogprobsError } from './engine-call'
import {
  describeEngine,
  detectApi,
  detokenizeOn,
  tokenizeOn,
  type Engine,
  type EngineApi,
  type RemoteApi,
} from './engine'
import { llamaServerApi } from './llama-server-api'
import type { LogprobEntry } from './logprobs-shapes'
import { detectPromptForm, openAiApi } from './openai-api'

export interface RemoteSpec {
  /** Base URL of the engine, e.g. http://127.0.0.1:8080 */
  url: string
  /** The model name the engine serves. */
  model: string
  /** The engine's dialect; detected when not given. */
  api?: RemoteApi
  apiKey?: string
  /** Entries per distribution: the engine's top K, the rest is one lump of `otherMass`. */
  topK?: number
  /** Requests in flight at once for beams and samples. */
  concurrency?: number
  timeoutMs?: number
  retries?: number
}

export interface RemoteStats {
  requests: number
  /** Highest number of requests that were in flight together. */
  maxInFlight: number
}

export const DEFAULT_REMOTE_TOP_K = 20
const DEFAULT_CONCURRENCY = 4

/**
 * A model served by a remote engine (llama-server, vLLM, any OpenAI-compatible server), decoded
 * here: every next-token distribution is the engine's top K (pre-sampling softmax) plus the
 * remaining mass. Token ids go to the engine as ids, so nothing is re-tokenized between steps.
 */
export class RemoteModel implements LanguageModel {
  readonly kind = 'remote' as const
  /** The weights are the engine's: no file here to hash. */
  readonly file = null
  private readonly bytes = new Map<TokenId, Uint8Array>()
  private inFlight = 0
  private readonly waiting: (() => void)[] = []

  private constructor(
    readonly id: string,
    private readonly spec: RemoteSpec,
    readonly stats: RemoteStats,
    private readonly engine: Engine,
    readonly api: EngineApi,
    readonly vocabSize: number,
    readonly bos: TokenId | null,
    readonly eos: TokenId,
    readonly contextSize: number,
    /** A plain ASCII token that every request is made to generate; see llama-server-api.ts. */
    private readonly anchor: TokenId,
  ) {}

  describe(): ModelDescription {
    const name =
      this.api.name === 'llama-server'
        ? "llama-server's /completion"
        : this.api.name === 'openai'
          ? 'OpenAI-compatible /v1/completions'
          : 'remote engine'
    return {
      backend: { name, version: null, detail: null },
      quantisation: null,
      nondeterminism: {
        code: 'remote-batching',
        note: 'a remote engine can batch this run with other requests and round logits differently; a re-run usually, but not always, repeats it',
      },
    }
  }

  /** Checks the engine, the model name and the API key, detects the dialect, and learns the vocabulary size and special tokens. */
  static async connect(id: string, spec: RemoteSpec): Promise<RemoteModel> {
    const url = baseUrl(spec.url)
    const stats: RemoteStats = { requests: 0, maxInFlight: 0 }
    const http = (signal?: AbortSignal) => ({
      apiKey: spec.apiKey,
      timeoutMs: spec.timeoutMs,
      retries: spec.retries,
      signal,
    })
    const engine: Engine = {
      url,
      model: spec.model,
      call: (path, body, signal) => (stats.requests++, call(`${url}${path}`, body, http(signal))),
      tryCall: (path, body, signal) => (stats.requests++, callOptional(`${url}${path}`, body, http(signal))),
    }
    const info = await describeEngine(engine)
    const api = spec.api ?? (await detectApi(engine))
    let anchor: TokenId | null = null
    let anchorText = ''
    for (const text of ['a', 'e', '0', ' ']) {
      const pieces = await tokenizeOn(engine, text, false)
      if (pieces.length === 1) {
        anchor = pieces[0].id
        anchorText = text
        break
      }
    }
    if (anchor === null)
      throw new InputError(
        `the engine at ${url} has no single token for "a", "e", "0" or " "; its vocabulary is not supported`,
      )
    // The model turns ids into text for an engine that takes prompts only as text; it exists before the first such request.
    const made: { model?: RemoteModel } = {}
    const textOf = async (ids: readonly TokenId[]): Promise<string> => {
      await made.model!.learn([...ids])
      const text = made.model!.textOrNull(ids)
      if (text === null) {
        throw new DecodeError(
          `the engine at ${url} takes prompts only as text, and this context holds a part of a character (a byte token), which text cannot carry; use an engine that takes token ids (vLLM, llama-server)`,
        )
      }
      return text
    }
    const dialect =
      api === 'openai'
        ? openAiApi(engine, await detectPromptForm(engine, anchor, anchorText, textOf))
        : llamaServerApi(engine, info.eos)
    const model = new RemoteModel(
      id,
      { ...spec, url, api },
      stats,
      engine,
      dialect,
      info.vocabSize,
      info.bos,
      info.eos,
      info.contextSize,
      anchor,
    )
    made.model = model
    for (const [token, text] of info.texts) model.bytes.set(token, utf8.encode(text))
    return model
  }

  async tokenize(text: string): Promise<TokenId[]> {
    if (text === '') return []
    const pieces = await tokenizeOn(this.engine, text, false)
    if (pieces.length === 0) throw new TokenizeError(`the engine gives no tokens for ${JSON.stringify(text)}`)
    for (const p of pieces) if (p.bytes) this.bytes.set(p.id, p.bytes)
    await this.learn(pieces.map((p) => p.id))
    return pieces.map((p) => p.id)
  }

  tokenText(id: TokenId): string {
    const b = this.bytes.get(id)
    if (!b) return `<${id}>`
    const text = strict(b)
    return text ?? [...b].map((x) => `<0x${x.toString(16).toUpperCase().padStart(2, '0')}>`).join('')
  }

  /**
   * The text of `ids` without BOS and EOS; null where they hold an incomplete UTF-8 character. An
   * engine's /detokenize gives a lone byte token as U+FFFD, so that counts as incomplete too.
   */
  private textOrNull(ids: readonly TokenId[]): string | null {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(this.joinedBytes(ids))
      return text.includes('\uFFFD') ? null : text
    } catch {
      return null
    }
  }

  detokenize(ids: readonly TokenId[]): string {
    return new TextDecoder().decode(this.joinedBytes(ids))
  }

  private joinedBytes(ids: readonly TokenId[]): Uint8Array {
    const parts = ids
      .filter((t) => t !== this.bos && t !== this.eos)
      .map((t) => this.bytes.get(t) ?? utf8.encode(`<${t}>`))
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of parts) {
      all.set(p, at)
      at += p.length
    }
    return all
  }

  async next(context: readonly TokenId[], signal?: AbortSignal): Promise<Distribution> {
    this.checkContext(context)
    const top = await this.inSlot(() =>
      this.api.top(context, this.spec.topK ?? DEFAULT_REMOTE_TOP_K, this.anchor, signal),
    )
    if (!top || top.length === 0) throw noLogprobsError(this.spec.url)
    return this.distribution(top, signal)
  }

  /**
   * A listed token's probability comes from the top K; any other token's from a request that makes
   * the engine generate that very token, whose pre-sampling probability it then reports.
   */
  async probabilityOf(context: readonly TokenId[], token: TokenId, signal?: AbortSignal): Promise<number> {
    const dist = await this.next(context, signal)
    if (dist.kind === 'probs') {
      const i = dist.ids.indexOf(token)
      if (i >= 0) return dist.probs[i]
    }
    const entry = await this.inSlot(() => this.api.forced(context, token, signal))
    if (!entry || entry.id !== token || entry.logprob === null)
      throw new DecodeError(`the engine at ${this.spec.url} did not report the probability of token ${token}`)
    return Math.exp(entry.logprob)
  }

  /** The probabilities of `ids` after `context` from one request where the engine can score a given sequence; null where it cannot. */
  async scoreSequence(
    context: readonly TokenId[],
    ids: readonly TokenId[],
    signal?: AbortSignal,
  ): Promise<number[] | null> {
    if (ids.length === 0) return []
    this.checkContext([...context, ...ids.slice(1)])
    const logprobs = await this.inSlot(() => this.api.score(context, ids, signal))
    return logprobs && logprobs.map((l) => Math.exp(l))
  }

  /** Requests in flight together, at most `concurrency`, so that the engine can batch them in its slots. */
  nextMany(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]> {
    return Promise.all(contexts.map((c) => this.next(c, signal)))
  }

  private checkContext(context: readonly TokenId[]): void {
    if (context.length === 0)
      throw new DecodeError(`${this.id} needs at least one token of context (it has no BOS token)`)
    if (context.length >= this.contextSize)
      throw new DecodeError(
        `a context of ${context.length} tokens exceeds the engine's context size (${this.contextSize})`,
      )
  }

  private async distribution(top: LogprobEntry[], signal?: AbortSignal): Promise<Distribution> {
    const ids = new Int32Array(top.length)
    const probs = new Float64Array(top.length)
    let mass = 0
    top.forEach((e, i) => {
      ids[i] = e.id
      probs[i] = Math.exp(e.logprob)
      mass += probs[i]
      if (!this.bytes.has(e.id) && (e.bytes || e.token !== undefined))
        this.bytes.set(e.id, e.bytes ? Uint8Array.from(e.bytes) : utf8.encode(e.token as string))
    })
    await this.learn([...ids], signal)
    return { kind: 'probs', ids, probs, otherMass: Math.max(0, 1 - mass) }
  }

  /** Engines that list ids without text (vLLM): each new token's text, once, from /detokenize. */
  private async learn(ids: TokenId[], signal?: AbortSignal): Promise<void> {
    const unknown = [...new Set(ids)].filter((id) => !this.bytes.has(id))
    const texts = await Promise.all(unknown.map((id) => this.inSlot(() => detokenizeOn(this.engine, id, signal))))
    unknown.forEach((id, i) => this.bytes.set(id, texts[i]))
  }

  private async inSlot<T>(work: () => Promise<T>): Promise<T> {
    while (this.inFlight >= (this.spec.concurrency ?? DEFAULT_CONCURRENCY))
      await new Promise<void>((r) => this.waiting.push(r))
    this.inFlight++
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight)
    try {
      return await work()
    } finally {
      this.inFlight--
      this.waiting.shift()?.()
    }
  }
}

const utf8 = new TextEncoder()

function strict(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}
