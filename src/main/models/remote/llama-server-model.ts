import { DecodeError, InputError, TokenizeError } from '../../../core/errors'
import type { Distribution, LanguageModel, TokenId } from '../../../core/types'
import { HttpStatusError, requestJson, type HttpOptions } from './http-client'

export interface RemoteSpec {
  /** Base URL of the engine, e.g. http://127.0.0.1:8080 */
  url: string
  /** The model name the engine serves. */
  model: string
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

interface Entry {
  id: number
  logprob: number
  token: string
  bytes?: number[]
}

export const DEFAULT_REMOTE_TOP_K = 20
const DEFAULT_CONCURRENCY = 4

/**
 * A model served by llama.cpp's llama-server, decoded here: every next-token distribution is the
 * engine's top K (pre-sampling softmax, `post_sampling_probs: false`) plus the remaining mass.
 * Token ids go to the engine as ids, so nothing is re-tokenized between steps.
 */
export class LlamaServerModel implements LanguageModel {
  readonly kind = 'remote' as const
  readonly stats: RemoteStats = { requests: 0, maxInFlight: 0 }
  private readonly bytes = new Map<TokenId, Uint8Array>()
  private inFlight = 0
  private readonly waiting: (() => void)[] = []

  private constructor(
    readonly id: string,
    private readonly spec: RemoteSpec,
    readonly vocabSize: number,
    readonly bos: TokenId | null,
    readonly eos: TokenId,
    readonly contextSize: number,
    /** A plain ASCII token that every request is made to generate; see `next`. */
    private readonly anchor: TokenId,
  ) {}

  /** Checks the engine, the model name and the API key, and learns the vocabulary size and special tokens. */
  static async connect(id: string, spec: RemoteSpec): Promise<LlamaServerModel> {
    const base = baseUrl(spec.url)
    const http = { apiKey: spec.apiKey, timeoutMs: spec.timeoutMs, retries: spec.retries }
    const models = (await call(`${base}/v1/models`, undefined, http)) as { data?: { id: string; meta?: { n_vocab?: number; n_ctx?: number } }[] }
    const served = models.data ?? []
    const entry = served.find((m) => m.id === spec.model) ?? (served.length === 1 && spec.model === 'default' ? served[0] : undefined)
    if (!entry) throw new InputError(`the engine at ${base} does not serve a model named "${spec.model}"; it serves: ${served.map((m) => m.id).join(', ') || 'nothing'}`)
    const props = (await call(`${base}/props`, undefined, http)) as { bos_token?: string; eos_token?: string }
    const special = async (text: string | undefined): Promise<TokenId | null> => {
      if (!text) return null
      const r = (await call(`${base}/tokenize`, { content: text, add_special: false, parse_special: true }, http)) as { tokens: number[] }
      return r.tokens.length === 1 ? r.tokens[0] : null
    }
    const eos = await special(props.eos_token)
    const bos = await special(props.bos_token)
    let anchor: TokenId | null = null
    for (const text of ['a', 'e', '0', ' ']) {
      const r = (await call(`${base}/tokenize`, { content: text, add_special: false, parse_special: false }, http)) as { tokens: number[] }
      if (r.tokens.length === 1) {
        anchor = r.tokens[0]
        break
      }
    }
    if (anchor === null) throw new InputError(`the engine at ${base} has no single token for "a", "e", "0" or " "; its vocabulary is not supported`)
    const vocab = entry.meta?.n_vocab
    if (!vocab) throw new InputError(`the engine at ${base} does not report its vocabulary size (/v1/models meta.n_vocab); only llama-server is supported`)
    return new LlamaServerModel(id, { ...spec, url: base }, vocab, bos, eos ?? -1, entry.meta?.n_ctx ?? Number.MAX_SAFE_INTEGER, anchor)
  }

  async tokenize(text: string): Promise<TokenId[]> {
    if (text === '') return []
    const r = (await this.call('/tokenize', { content: text, add_special: false, parse_special: false, with_pieces: true })) as {
      tokens: { id: number; piece: string | number[] }[]
    }
    if (r.tokens.length === 0) throw new TokenizeError(`the engine gives no tokens for ${JSON.stringify(text)}`)
    for (const t of r.tokens) this.remember(t.id, typeof t.piece === 'string' ? utf8.encode(t.piece) : Uint8Array.from(t.piece))
    return r.tokens.map((t) => t.id)
  }

  tokenText(id: TokenId): string {
    const b = this.bytes.get(id)
    if (!b) return `<${id}>`
    const text = strict(b)
    return text ?? [...b].map((x) => `<0x${x.toString(16).toUpperCase().padStart(2, '0')}>`).join('')
  }

  detokenize(ids: readonly TokenId[]): string {
    const parts = ids.filter((t) => t !== this.bos && t !== this.eos).map((t) => this.bytes.get(t) ?? utf8.encode(`<${t}>`))
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of parts) {
      all.set(p, at)
      at += p.length
    }
    return new TextDecoder().decode(all)
  }

  async next(context: readonly TokenId[], signal?: AbortSignal): Promise<Distribution> {
    if (context.length === 0) throw new DecodeError(`${this.id} needs at least one token of context (it has no BOS token)`)
    if (context.length >= this.contextSize) throw new DecodeError(`a context of ${context.length} tokens exceeds the engine's context size (${this.contextSize})`)
    await this.slot()
    try {
      const r = (await this.call(
        '/completion',
        // temperature < 0: greedy, with probabilities from the plain softmax of the logits. The one
        // token the engine generates is discarded, but llama-server fails the whole request (500, "does
        // not match the expected Content-only format") when it is a lone UTF-8 byte; a logit bias makes
        // it the anchor token instead. Biases act on sampling only: the reported probabilities are the
        // model's raw softmax (`post_sampling_probs: false`), which the tests check against the local backend.
        {
          prompt: context,
          n_predict: 1,
          n_probs: this.spec.topK ?? DEFAULT_REMOTE_TOP_K,
          post_sampling_probs: false,
          temperature: -1,
          cache_prompt: true,
          logit_bias: [[this.anchor, 1000]],
        },
        signal,
      )) as { completion_probabilities?: { top_logprobs?: Entry[] }[] }
      const top = r.completion_probabilities?.[0]?.top_logprobs
      if (!top || top.length === 0) throw new DecodeError(`the engine at ${this.spec.url} returned no log-probabilities; it needs n_probs support (llama-server)`)
      return this.distribution(top)
    } finally {
      this.release()
    }
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
    await this.slot()
    try {
      const r = (await this.call(
        '/completion',
        { prompt: context, n_predict: 1, n_probs: 1, post_sampling_probs: false, temperature: -1, cache_prompt: true, logit_bias: [[token, 1000]] },
        signal,
      )) as { completion_probabilities?: { id: number; logprob: number }[] }
      const entry = r.completion_probabilities?.[0]
      if (!entry || entry.id !== token) throw new DecodeError(`the engine at ${this.spec.url} did not report the probability of token ${token}`)
      return Math.exp(entry.logprob)
    } finally {
      this.release()
    }
  }

  /** Requests in flight together, at most `concurrency`, so that the engine can batch them in its slots. */
  nextMany(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]> {
    return Promise.all(contexts.map((c) => this.next(c, signal)))
  }

  private distribution(top: Entry[]): Distribution {
    const ids = new Int32Array(top.length)
    const probs = new Float64Array(top.length)
    let mass = 0
    top.forEach((e, i) => {
      ids[i] = e.id
      probs[i] = Math.exp(e.logprob)
      mass += probs[i]
      if (!this.bytes.has(e.id)) this.remember(e.id, e.bytes ? Uint8Array.from(e.bytes) : utf8.encode(e.token))
    })
    return { kind: 'probs', ids, probs, otherMass: Math.max(0, 1 - mass) }
  }

  private remember(id: TokenId, bytes: Uint8Array): void {
    this.bytes.set(id, bytes)
  }

  private async slot(): Promise<void> {
    while (this.inFlight >= (this.spec.concurrency ?? DEFAULT_CONCURRENCY)) await new Promise<void>((r) => this.waiting.push(r))
    this.inFlight++
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight)
  }

  private release(): void {
    this.inFlight--
    this.waiting.shift()?.()
  }

  private call(path: string, body: unknown, signal?: AbortSignal): Promise<unknown> {
    this.stats.requests++
    return call(`${this.spec.url}${path}`, body, { apiKey: this.spec.apiKey, timeoutMs: this.spec.timeoutMs, retries: this.spec.retries, signal })
  }
}

/** The engine's base URL: http(s), a host, an optional path prefix, and nothing after it to redirect requests. */
function baseUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(`remote URL must start with http:// or https://, got "${text}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`remote URL must start with http:// or https://, got "${text}"`)
  if (url.search || url.hash || url.username || url.password || text.includes('#') || text.includes('?')) {
    throw new InputError(`remote URL must be a base such as http://127.0.0.1:8080, without a query, fragment or credentials; got "${text}"`)
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

const utf8 = new TextEncoder()

function strict(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** A request whose error statuses become messages a user can act on. */
async function call(url: string, body: unknown, opts: HttpOptions): Promise<unknown> {
  try {
    return await requestJson(url, body, opts)
  } catch (err) {
    if (!(err instanceof HttpStatusError)) throw err
    if (err.status === 401 || err.status === 403) throw new InputError(`the engine at ${url} refused the API key (${err.status}); check the key or its environment variable`)
    if (err.status === 404) throw new InputError(`${url} does not exist (404); is this a llama-server URL?`)
    throw new DecodeError(`the engine failed: ${err.message}`)
  }
}
