import { randomBytes, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { MAX_REPORT_BYTES, MAX_TRAINING_TEXT, parseEvent, type EventChannel, type LabApi } from '../../core/contract'
import { dispatch } from '../ipc/dispatch'
import { HttpError } from './http-error'
import { bodyLimit, readBody } from './request-body'
import { serveStatic } from './serve-static'

export interface WebServer {
  url: string
  token: string
  /** Sends a contract event to every connected page; one that does not match its schema is dropped here, as over IPC. */
  broadcast(channel: string, payload: unknown): void
  close(): Promise<void>
}

/** Every response, errors included: no browser may sniff an answer into another type. */
export const BASE_HEADERS = { 'x-content-type-options': 'nosniff' } as const

// Room for the largest training text the contract accepts, as JSON-escaped UTF-8; an import takes a whole report.
const MAX_BODY = 4 * MAX_TRAINING_TEXT
// A report inside a JSON string has its quotes escaped.
const MAX_IMPORT_BODY = 1.6 * MAX_REPORT_BYTES

/**
 * Browser mode: the built renderer and the contract over HTTP on 127.0.0.1 only.
 * Requests need the random token printed with the URL; events stream as server-sent events.
 * No request, however malformed, may end the process: every failure becomes an answer.
 */
export async function startWebServer(
  api: LabApi,
  opts: { rendererDir: string; port?: number; token?: string },
): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const clients = new Set<http.ServerResponse>()
  let origin = ''

  const authorised = (given: string | null | undefined): boolean => {
    const a = Buffer.from(given ?? '')
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let url: URL
    try {
      url = new URL(req.url ?? '/', origin)
    } catch {
      throw new HttpError(400, 'malformed request URL')
    }
    if (!req.headers.host) throw new HttpError(400, 'missing Host header')
    // Another site's page (or a DNS-rebound name) must not reach the API.
    if (req.headers.host !== new URL(origin).host || (req.headers.origin && req.headers.origin !== origin))
      throw new HttpError(403, 'forbidden')
    if (url.pathname === '/api/events') {
      if (!authorised(url.searchParams.get('token'))) throw new HttpError(401, 'missing or wrong token')
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') throw new HttpError(405, 'the API takes POST requests only')
      if (!authorised(req.headers['x-lab-token'] as string | undefined))
        throw new HttpError(401, 'missing or wrong token')
      const channel = decodeOrThrow(url.pathname.slice(5))
      const body = await readBody(req, bodyLimit(channel, MAX_BODY, MAX_IMPORT_BODY))
      let payload: unknown
      try {
        payload = body === '' ? {} : JSON.parse(body)
      } catch (err) {
        throw new HttpError(400, `the request body is not JSON (${(err as Error).message})`)
      }
      const envelope = await dispatch(api, channel, payload)
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(envelope))
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET serves the app')
    serveStatic(opts.rendererDir, decodeOrThrow(url.pathname), res)
  }

  // Node's own answer to a request without Host would lack the headers every answer carries.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    for (const [k, v] of Object.entries(BASE_HEADERS)) res.setHeader(k, v)
    req.on('error', () => req.destroy())
    res.on('error', () => res.destroy())
    handle(req, res).catch((err: unknown) => answerError(req, res, err))
  })
  // Bad HTTP (a broken request line, an oversized header) never reaches the handler: answer it here.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy()
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
    const text = status === 431 ? 'request headers too large' : 'malformed HTTP request'
    socket.end(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nconnection: close\r\ncontent-type: text/plain\r\nx-content-type-options: nosniff\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
    )
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as { port: number }
  origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/#token=${token}`,
    token,
    broadcast(channel, payload) {
      const event = parseEvent(channel as EventChannel, payload)
      if (!event.ok) return void console.error(event.error)
      const frame = `event: ${channel}\ndata: ${JSON.stringify(event.payload)}\n\n`
      for (const c of clients) c.write(frame)
    },
    close: () =>
      new Promise((resolve) => {
        for (const c of clients) c.end()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function decodeOrThrow(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new HttpError(400, 'malformed percent-encoding in the request path')
  }
}

/** An API failure answers in the contract's envelope; anything else in plain text. */
function answerError(req: http.IncomingMessage, res: http.ServerResponse, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500
  const message = err instanceof Error ? err.message : String(err)
  if (res.headersSent) return void res.destroy()
  const api = (req.url ?? '').startsWith('/api/') && status !== 401 && status !== 403
  const body = api
    ? JSON.stringify({ ok: false, error: message, kind: status === 500 ? 'internal' : 'input' })
    : message
  res.writeHead(status, {
    'content-type': api ? 'application/json' : 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(body)
}
