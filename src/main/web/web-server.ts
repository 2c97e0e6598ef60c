import { randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { MAX_TRAINING_TEXT, type LabApi } from '../../core/contract'
import { dispatch } from '../ipc/dispatch'
import { CONTENT_SECURITY_POLICY } from '../security'

export interface WebServer {
  url: string
  token: string
  /** Sends a contract event to every connected page. */
  broadcast(channel: string, payload: unknown): void
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}
// Room for the largest training text the contract accepts, as JSON-escaped UTF-8.
const MAX_BODY = 4 * MAX_TRAINING_TEXT

/**
 * Browser mode: the built renderer and the contract over HTTP on 127.0.0.1 only.
 * Requests need the random token printed with the URL; events stream as server-sent events.
 */
export async function startWebServer(api: LabApi, opts: { rendererDir: string; port?: number; token?: string }): Promise<WebServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const clients = new Set<http.ServerResponse>()
  let origin = ''

  const authorised = (given: string | null | undefined): boolean => {
    const a = Buffer.from(given ?? '')
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin)
    // Another site's page (or a DNS-rebound name) must not reach the API.
    if (req.headers.host !== new URL(origin).host || (req.headers.origin && req.headers.origin !== origin)) {
      res.writeHead(403).end('forbidden')
      return
    }
    if (url.pathname === '/api/events') {
      if (!authorised(url.searchParams.get('token'))) return void res.writeHead(401).end('missing or wrong token')
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' })
      res.write(': connected\n\n')
      clients.add(res)
      req.on('close', () => clients.delete(res))
      return
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return void res.writeHead(405).end()
      if (!authorised(req.headers['x-lab-token'] as string | undefined)) return void res.writeHead(401).end('missing or wrong token')
      readBody(req)
        .then(async (body) => {
          const envelope = await dispatch(api, decodeURIComponent(url.pathname.slice(5)), body === '' ? {} : JSON.parse(body))
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(envelope))
        })
        .catch((err: Error) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: err.message, kind: 'input' })))
      return
    }
    serveStatic(opts.rendererDir, url.pathname, res)
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
      const frame = `event: ${channel}\ndata: ${JSON.stringify(payload)}\n\n`
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

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new Error(`request body larger than ${MAX_BODY / 2 ** 20} MiB`))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
  const file = path.resolve(root, rel)
  if (!file.startsWith(path.resolve(root) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    return
  }
  const headers: Record<string, string> = {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  }
  if (file.endsWith('.html')) headers['content-security-policy'] = CONTENT_SECURITY_POLICY
  res.writeHead(200, headers)
  fs.createReadStream(file).pipe(res)
}
