import { z } from 'zod'
import { DecodeError } from '../../../core/errors'

/** A token with its log-probability, as engines list them; `token`/`bytes` only where the engine gives them. */
export interface LogprobEntry {
  id: number
  logprob: number
  token?: string
  bytes?: number[]
}

/** One position of a completion: the token there (its logprob null where the engine gives none) and the engine's top list. */
export interface PositionLogprobs {
  id: number
  logprob: number | null
  top: LogprobEntry[]
}

const ENTRY = z.object({
  id: z.number().int(),
  logprob: z.number(),
  token: z.string().optional(),
  bytes: z.array(z.number().int()).optional(),
})

/** llama-server: `completion_probabilities` of /completion, and `logprobs.content` of /v1/completions. */
const CONTENT = z.array(ENTRY.extend({ top_logprobs: z.array(ENTRY).optional() }))

/** OpenAI and vLLM: parallel lists, the top entries as {token: logprob} dicts. */
const CLASSIC = z.object({
  tokens: z.array(z.string()),
  token_logprobs: z.array(z.number().nullable()),
  top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).optional().nullable(),
})

export function parseContent(value: unknown): PositionLogprobs[] | null {
  const parsed = CONTENT.safeParse(value)
  if (!parsed.success) return null
  return parsed.data.map((p) => ({ id: p.id, logprob: p.logprob, top: (p.top_logprobs ?? []).map(entry) }))
}

/**
 * A choice's `logprobs` in either shape: llama-server's `{content: [...]}` with token ids, or the
 * classic `{tokens, token_logprobs, top_logprobs}` whose tokens must be ids written "token_id:123"
 * (vLLM does so when asked with `return_tokens_as_token_ids: true`). null when there are none.
 */
export function parseChoiceLogprobs(logprobs: unknown): PositionLogprobs[] | null {
  if (logprobs === null || logprobs === undefined || typeof logprobs !== 'object') return null
  if ('content' in logprobs) return parseContent(logprobs.content)
  const classic = CLASSIC.safeParse(logprobs)
  if (!classic.success) return null
  const { tokens, token_logprobs, top_logprobs } = classic.data
  return tokens.map((token, i) => ({
    id: tokenId(token),
    logprob: token_logprobs[i] ?? null,
    top: Object.entries(top_logprobs?.[i] ?? {})
      .map(([key, logprob]) => ({ id: tokenId(key), logprob }))
      .sort((a, b) => b.logprob - a.logprob || a.id - b.id),
  }))
}

function entry(e: z.infer<typeof ENTRY>): LogprobEntry {
  return {
    id: e.id,
    logprob: e.logprob,
    ...(e.token !== undefined ? { token: e.token } : {}),
    ...(e.bytes ? { bytes: e.bytes } : {}),
  }
}

function tokenId(key: string): number {
  const m = /^token_id:(\d+)$/.exec(key)
  if (!m) {
    const named = `the engine named a token by its text (${JSON.stringify(key)}), not by its id; an engine that ignores return_tokens_as_token_ids cannot be used`
    throw new DecodeError(`${named} with --api openai`, { app: `${named} through the OpenAI-compatible API` })
  }
  return Number(m[1])
}
