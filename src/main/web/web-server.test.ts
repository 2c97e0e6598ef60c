// @vitest-environment node
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useLabService } from '../testing/lab-harness'
import { startWebServer, type WebServer } from './web-server'

const newLab = useLabService()
let server: WebServer
let port: number
let rendererDir: string

beforeEach(async () => {
  const { dir, service } = newLab()
  rendererDir = path.join(dir, 'renderer')
  fs.mkdirSync(rendererDir)
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>lab</title>')
  server = await startWebServer(service, { rendererDir, token: 'T0KEN' })
  port = Number(new URL(server.url).port)
})
afterEach(() => server.close())

interface RawAnswer {
  status: number | null
  headers: string
  body: string
}

/** Sends raw bytes on a fresh connection and reads until the server closes it (or answers in full). */
function raw(bytes: string | Buffer, opts: { keepSending?: Buffer } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    const finish = (): void => {
      const text = Buffer.concat(chunks).toString('utf8')
      const [head, ...rest] = text.split('\r\n\r\n')
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)
      let body = rest.join('\r\n\r\n')
      if (/transfer-encoding: chunked/i.test(head)) body = unchunk(body)
      resolve({ status: status ? Number(status[1]) : null, headers: head.toLowerCase(), body })
    }
    socket.on('data', (c) => chunks.push(c))
    socket.on('end', finish)
    socket.on('close', finish)
    socket.on('error', (err) => (chunks.length ? finish() : reject(err)))
    socket.setTimeout(20_000, () => socket.destroy(new Error('no answer')))
    socket.write(bytes)
    if (opts.keepSending) socket.write(opts.keepSending)
  })
}

function unchunk(text: string): string {
  let out = ''
  let rest = text
  for (;;) {
    const eol = rest.indexOf('\r\n')
    const size = parseInt(rest.slice(0, eol), 16)
    if (!(size > 0)) return out
    out += rest.slice(eol + 2, eol + 2 + size)
    rest = rest.slice(eol + 2 + size + 2)
  }
}

const host = (): string => `127.0.0.1:${port}`
const get = (target: string, extra = ''): string =>
  `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n${extra}\r\n`
const post = (target: string, body: string | Buffer, extra = ''): Buffer =>
  Buffer.concat([
    Buffer.from(
      `POST ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nX-Lab-Token: T0KEN\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`,
    ),
    Buffer.from(body),
  ])

async function stillServes(): Promise<void> {
  const answer = await raw(get('/'))
  expect(answer.status).toBe(200)
  expect(answer.body).toContain('<title>lab</title>')
}

describe('browser-mode server under malformed requests', () => {
  const cases: [string, () => string | Buffer, number][] = [
    ['a bad percent-encoding in the path (no token needed)', () => get('/%ff'), 400],
    ['a lone percent sign', () => get('/%'), 400],
    ['a bad percent-encoding in an API channel', () => post('/api/%ff', '{}'), 400],
    ['an encoded climb out of the renderer folder', () => get('/%2e%2e/%2e%2e/etc/passwd'), 404],
    ['an encoded NUL byte', () => get('/index.html%00.js'), 404],
    ['a bad percent-encoding in the query', () => get('/?q=%ff%fe'), 200],
    [
      'an absolute-form URL of another host',
      () => `GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
      403,
    ],
    ['no Host header', () => `GET / HTTP/1.1\r\nConnection: close\r\n\r\n`, 400],
    ['a broken request line', () => `GARBAGE\r\n\r\n`, 400],
    ['a header without a colon', () => `GET / HTTP/1.1\r\nHost: ${host()}\r\nnot a header\r\n\r\n`, 400],
    ['a header of 100 KB', () => get('/', `X-Big: ${'a'.repeat(100_000)}\r\n`), 431],
    ['a POST to the app', () => post('/', '{}'), 405],
    ['a GET to the API', () => get('/api/models.list'), 405],
    [
      'the API without a token',
      () => `POST /api/models.list HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}`,
      401,
    ],
    ['a body that is not JSON', () => post('/api/models.list', '{"a":'), 400],
    ['a body that is JSON but not an object', () => post('/api/models.list', '[1,2,3]'), 200],
    ['a body nested 100,000 deep', () => post('/api/models.list', '['.repeat(100_000) + ']'.repeat(100_000)), 200],
    ['a body that is not UTF-8', () => post('/api/models.list', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 400],
    ['an unknown channel', () => post('/api/nope', '{}'), 200],
    [
      'a content-length that lies short',
      () => post('/api/models.list', '{}', '').toString().replace('Content-Length: 2', 'Content-Length: 1'),
      400,
    ],
    [
      'a bad chunked encoding',
      () =>
        `POST /api/models.list HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nX-Lab-Token: T0KEN\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      400,
    ],
  ]
  it.each(cases)('%s: answered %s, and the server goes on', async (_name, request, status) => {
    const answer = await raw(request())
    expect(answer.status).toBe(status)
    expect(answer.headers).toContain('x-content-type-options: nosniff')
    await stillServes()
  })

  it('answers an API envelope for a malformed request, so the app can show the reason', async () => {
    const answer = await raw(post('/api/models.list', '{"a":'))
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: false,
      kind: 'input',
      error: expect.stringMatching(/^the request body is not JSON \(/),
    })
    const unknown = await raw(post('/api/nope', '{}'))
    expect(JSON.parse(unknown.body)).toEqual({ ok: false, error: 'unknown request "nope"', kind: 'input' })
  })

  it('serves every kind of answer with nosniff: the app, a 404, the event stream', async () => {
    expect((await raw(get('/'))).headers).toContain('x-content-type-options: nosniff')
    expect((await raw(get('/missing.js'))).headers).toContain('x-content-type-options: nosniff')
    const events = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(get('/api/events?token=T0KEN')))
      socket.once('data', (c) => {
        resolve(c.toString().toLowerCase())
        socket.destroy()
      })
    })
    expect(events).toMatch(/^http\/1\.1 200/)
    expect(events).toContain('x-content-type-options: nosniff')
  })
})

describe('request bodies over the limit', () => {
  it('answers 413 with a message before closing, when the length is declared', async () => {
    const declared = 40_000_001
    const body = Buffer.alloc(declared, 0x20)
    const answer = await raw(
      Buffer.concat([
        Buffer.from(
          `POST /api/models.list HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nX-Lab-Token: T0KEN\r\nContent-Length: ${declared}\r\n\r\n`,
        ),
        body,
      ]),
    )
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toEqual({
      ok: false,
      error: 'request body larger than 40 MB; nothing was done',
      kind: 'input',
    })
    await stillServes()
  })

  it('answers 413 to a chunked body that grows past the limit', async () => {
    const chunk = Buffer.alloc(1_000_000, 0x20)
    const frames = Array.from({ length: 41 }, () =>
      Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
    )
    const head = Buffer.from(
      `POST /api/models.list HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\nX-Lab-Token: T0KEN\r\nTransfer-Encoding: chunked\r\n\r\n`,
    )
    const answer = await raw(Buffer.concat([head, ...frames, Buffer.from('0\r\n\r\n')]))
    expect(answer.status).toBe(413)
    expect(answer.body).toContain('request body larger than 40 MB')
    await stillServes()
  })
})
