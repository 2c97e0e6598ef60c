import { CancelledError, DecodeError, InputError } from '../../../core/errors'

export interface HttpOptions {
  apiKey?: string
  /** Per attempt. */
  timeoutMs?: number
  /** Further attempts after a 429, a 5xx or a timeout, with exponential backoff. */
  retries?: number
  backoffMs?: number
  signal?: AbortSignal
}

/** What an engine answered with an error status; `body` is its text, for messages. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    url: string,
  ) {
    super(`${url} answered ${status}: ${body.slice(0, 300)}`)
  }
}

/** An engine's Retry-After beyond this is waited only this long, then the attempt counts as failed or retried. */
const MAX_RETRY_AFTER_MS = 30_000

const RETRYABLE = (status: number): boolean => status === 429 || status >= 500

/** POSTs (or GETs, with `body` undefined) JSON to an engine, retrying what may pass; errors say what to check. */
export async function requestJson(url: string, body: unknown, opts: HttpOptions = {}): Promise<unknown> {
  const { timeoutMs = 30_000, retries = 3, backoffMs = 200, signal } = opts
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new CancelledError()
    const timeout = AbortSignal.timeout(timeoutMs)
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout
    let res: Response
    try {
      res = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          'content-type': 'application/json',
          ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: combined,
      })
    } catch (err) {
      if (signal?.aborted) throw new CancelledError()
      if (timeout.aborted && attempt < retries) {
        await sleep(backoffMs * 2 ** attempt, signal)
        continue
      }
      throw connectionError(url, err, timeout.aborted ? timeoutMs : null)
    }
    if (res.ok) {
      try {
        return await res.json()
      } catch {
        throw new DecodeError(
          `${url} answered 200 with something that is not JSON; is this the base URL of a llama-server or OpenAI-compatible engine?`,
        )
      }
    }
    const text = await res.text().catch(() => '')
    if (RETRYABLE(res.status) && attempt < retries) {
      const after = Number(res.headers.get('retry-after'))
      await sleep(
        Number.isFinite(after) && after > 0 ? Math.min(after * 1000, MAX_RETRY_AFTER_MS) : backoffMs * 2 ** attempt,
        signal,
      )
      continue
    }
    throw new HttpStatusError(res.status, text, url)
  }
}

function connectionError(url: string, err: unknown, timedOutAfter: number | null): Error {
  if (timedOutAfter !== null)
    return new DecodeError(
      `${url} did not answer within ${timedOutAfter / 1000} s; check that the engine is running and not overloaded`,
    )
  const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message
  if (cause === 'ECONNREFUSED')
    return new DecodeError(
      `cannot connect to ${url}: connection refused; is the engine running on that address and port?`,
    )
  if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN')
    return new InputError(`cannot connect to ${url}: host not found; check the URL`)
  if (cause === 'ECONNRESET' || cause === 'UND_ERR_SOCKET')
    return new DecodeError(`the connection to ${url} was lost (${cause}); the engine may have stopped`)
  return new DecodeError(`cannot reach ${url}: ${cause}`)
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(new CancelledError())
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
