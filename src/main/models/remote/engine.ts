import { InputError } from '../../../core/errors'
import type { TokenId } from '../../../core/types'
import type { LogprobEntry, PositionLogprobs } from './logprobs-shapes'

/** One engine at one base URL, serving one model by name. */
export interface Engine {
  url: string
  model: string
  call(path: string, body: unknown, signal?: AbortSignal): Promise<unknown>
  /** For what an engine may lack: null where it answers with an error status (a refused key still throws). */
  tryCall(path: string, body: unknown, signal?: AbortSignal): Promise<unknown>
}

/** The completion requests, in an engine's dialect. */
export interface EngineApi {
  readonly name: RemoteApi
  /** The engine's top `k` for the token after `context`, pre-sampling; null when it gives no log-probabilities. */
  top(context: readonly TokenId[], k: number, anchor: TokenId, signal?: AbortSignal): Promise<LogprobEntry[] | null>
  /** The engine made to generate `token` after `context`: that position, with the token's own log-probability. */
  forced(context: readonly TokenId[], token: TokenId, signal?: AbortSignal): Promise<PositionLogprobs | null>
  /** Log-probabilities of `ids` after `context` in one request; null where the engine cannot score a given sequence. */
  score(context: readonly TokenId[], ids: readonly TokenId[], signal?: AbortSignal): Promise<number[] | null>
}

export const REMOTE_APIS = ['openai', 'llama-server'] as const
export type RemoteApi = (typeof REMOTE_APIS)[number]

export interface EngineInfo {
  /** 0 when the engine does not say (vLLM). */
  vocabSize: number
  bos: TokenId | null
  /** -1 when the engine does not say: sequences then end at max tokens only. */
  eos: TokenId
  contextSize: number
  /** The special tokens' texts, where the engine names them. */
  texts: Map<TokenId, string>
}

export interface Piece {
  id: TokenId
  bytes?: Uint8Array
}

interface ModelCard {
  id: string
  max_model_len?: number
  meta?: { n_vocab?: number; n_ctx?: number }
}

/** llama-server answers GET /props; vLLM and other OpenAI-compatible engines do not. */
export async function detectApi(engine: Engine): Promise<RemoteApi> {
  const props = (await engine.tryCall('/props', undefined)) as { default_generation_settings?: unknown } | null
  return props?.default_generation_settings ? 'llama-server' : 'openai'
}

/** Checks that the engine serves the model, and learns its vocabulary size, special tokens and context size where it tells them. */
export async function describeEngine(engine: Engine): Promise<EngineInfo> {
  const models = (await engine.call('/v1/models', undefined)) as { data?: ModelCard[] }
  const served = models.data ?? []
  const card =
    served.find((m) => m.id === engine.model) ??
    (served.length === 1 && engine.model === 'default' ? served[0] : undefined)
  if (!card)
    throw new InputError(
      `the engine at ${engine.url} does not serve a model named "${engine.model}"; it serves: ${served.map((m) => m.id).join(', ') || 'nothing'}`,
    )
  const props = (await engine.tryCall('/props', undefined)) as { bos_token?: string; eos_token?: string } | null
  const texts = new Map<TokenId, string>()
  const special = async (text: string | undefined): Promise<TokenId | null> => {
    if (!text) return null
    const pieces = await tokenizeOn(engine, text, true)
    if (pieces.length !== 1) return null
    texts.set(pieces[0].id, text)
    return pieces[0].id
  }
  return {
    vocabSize: card.meta?.n_vocab ?? 0,
    bos: await special(props?.bos_token),
    eos: (await special(props?.eos_token)) ?? -1,
    contextSize: card.meta?.n_ctx ?? card.max_model_len ?? Number.MAX_SAFE_INTEGER,
    texts,
  }
}

const utf8 = new TextEncoder()

/**
 * /tokenize as llama-server (`content`, with pieces) and vLLM (`prompt`, ids only) take it: both sets of
 * fields go in one body, and each engine ignores the other's.
 */
export async function tokenizeOn(
  engine: Engine,
  text: string,
  special: boolean,
  signal?: AbortSignal,
): Promise<Piece[]> {
  const body = {
    content: text,
    add_special: false,
    parse_special: special,
    with_pieces: true,
    model: engine.model,
    prompt: text,
    add_special_tokens: false,
  }
  const r = (await engine.call('/tokenize', body, signal).catch((err: Error) => {
    if (err instanceof InputError && err.message.includes('(404)')) {
      throw new InputError(
        `the engine at ${engine.url} does not tokenize (POST /tokenize); Decoding Lab needs token ids, as llama-server and vLLM give them`,
      )
    }
    throw err
  })) as { tokens: (number | { id: number; piece: string | number[] })[] }
  return r.tokens.map((t) =>
    typeof t === 'number'
      ? { id: t }
      : { id: t.id, bytes: typeof t.piece === 'string' ? utf8.encode(t.piece) : Uint8Array.from(t.piece) },
  )
}

/** The text of one token, from /detokenize (llama-server answers `content`, vLLM `prompt`); `<id>` where the engine has none. */
export async function detokenizeOn(engine: Engine, id: TokenId, signal?: AbortSignal): Promise<Uint8Array> {
  const r = (await engine.tryCall('/detokenize', { tokens: [id], model: engine.model }, signal)) as {
    content?: string
    prompt?: string
  } | null
  if (!r) return utf8.encode(`<${id}>`)
  return utf8.encode(r.content ?? r.prompt ?? `<${id}>`)
}
