import { DecodeError, InputError } from '../../../core/errors'
import { HttpStatusError, requestJson, type HttpOptions } from './http-client'

/** A request to the engine: a path under its base URL, a JSON body (undefined: GET). */
export type EngineCall = (path: string, body: unknown, signal?: AbortSignal) => Promise<unknown>

/** The engine's base URL: http(s), a host, an optional path prefix, and nothing after it to redirect requests. */
export function baseUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new InputError(`remote URL must start with http:// or https://, got "${text}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`remote URL must start with http:// or https://, got "${text}"`)
  if (url.search || url.hash || url.username || url.password || text.includes('#') || text.includes('?')) {
    throw new InputError(
      `remote URL must be a base such as http://127.0.0.1:8080, without a query, fragment or credentials; got "${text}"`,
    )
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

/** A request whose error statuses become messages a user can act on. */
export async function call(url: string, body: unknown, opts: HttpOptions): Promise<unknown> {
  try {
    return await requestJson(url, body, opts)
  } catch (err) {
    throw err instanceof HttpStatusError ? statusError(url, err) : err
  }
}

function statusError(url: string, err: HttpStatusError): Error {
  if (err.status === 401 || err.status === 403)
    return new InputError(
      `the engine at ${url} refused the API key (${err.status}); check the key or its environment variable`,
    )
  if (err.status === 404)
    return new InputError(
      `${url} does not exist (404); is this the base URL of a llama-server or OpenAI-compatible engine?`,
    )
  return new DecodeError(`the engine failed: ${err.message}`)
}

/** For what an engine may lack: its answer, or null when it answers with an error status other than a refused key. */
export async function callOptional(url: string, body: unknown, opts: HttpOptions): Promise<unknown> {
  try {
    return await requestJson(url, body, { ...opts, retries: 0 })
  } catch (err) {
    if (!(err instanceof HttpStatusError)) throw err
    if (err.status === 401 || err.status === 403) throw statusError(url, err)
    return null
  }
}

export function noLogprobsError(url: string): DecodeError {
  return new DecodeError(
    `the engine at ${url} returned no log-probabilities; start vLLM with --max-logprobs 20 (or more), or use a llama-server build that supports n_probs`,
  )
}
