import type http from 'node:http'
import { HttpError } from './http-error'

/** How many bytes the body of a request to `channel` may have. */
export function bodyLimit(channel: string, normal: number, importing: number): number {
  return channel === 'report.import' ? importing : normal
}

/** A sender that goes on past the limit for this long after it (or this many bytes) is cut off. */
const DRAIN_MS = 10_000
const DRAIN_BYTES = 2 ** 30

/**
 * The body as UTF-8 text, at most `limit` bytes. Past the limit the rest is read and dropped, and
 * only then does the 413 go out: closing a socket with unread data resets it, and the client then
 * sees a reset instead of the answer.
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'])
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    const tooLarge = (): HttpError => new HttpError(413, `request body larger than ${limit / 1e6} MB; nothing was done`)
    let over = Number.isFinite(declared) && declared > limit
    let timer: NodeJS.Timeout | null = null
    const overflow = (): void => {
      chunks.length = 0
      timer ??= setTimeout(() => {
        reject(tooLarge())
        req.destroy()
      }, DRAIN_MS)
    }
    if (over) overflow()
    req.on('data', (c: Buffer) => {
      size += c.length
      if (!over && size > limit) {
        over = true
        overflow()
      }
      if (!over) chunks.push(c)
      else if (size > limit + DRAIN_BYTES) {
        if (timer) clearTimeout(timer)
        reject(tooLarge())
      }
    })
    req.on('end', () => {
      if (timer) clearTimeout(timer)
      if (over) return reject(tooLarge())
      const body = Buffer.concat(chunks)
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(body))
      } catch {
        reject(new HttpError(400, 'the request body is not valid UTF-8'))
      }
    })
    req.on('error', reject)
  })
}
