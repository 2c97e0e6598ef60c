// @vitest-environment node
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CancelledError, DecodeError } from '../../../core/errors'
import { HttpStatusError, requestJson } from './http-client'

// The client's own rules (retry on 429/5xx with backoff, timeouts, cancellation), on a real local
// HTTP server that answers with the statuses an overloaded engine gives.
const servers: http.Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

async function serve(answers: ((res: http.ServerResponse) => void)[]): Promise<{ url: string; hits: () => number }> {
  let hits = 0
  const server = http.createServer((_req, res) => answers[Math.min(hits++, answers.length - 1)](res))
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, hits: () => hits }
}

const status = (code: number) => (res: http.ServerResponse) =>
  res.writeHead(code, { 'content-type': 'text/plain' }).end(`status ${code}`)
const ok = (res: http.ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}')

describe('requestJson', () => {
  it('retries a 429 and a 503 with backoff, then returns the answer', async () => {
    const s = await serve([status(429), status(503), ok])
    expect(await requestJson(s.url, {}, { backoffMs: 1 })).toEqual({ ok: true })
    expect(s.hits()).toBe(3)
  })

  it('gives up after its retries with the last status, and never retries a 400', async () => {
    const busy = await serve([status(503)])
    await expect(requestJson(busy.url, {}, { retries: 2, backoffMs: 1 })).rejects.toBeInstanceOf(HttpStatusError)
    expect(busy.hits()).toBe(3)
    const bad = await serve([status(400)])
    await expect(requestJson(bad.url, {}, { retries: 2, backoffMs: 1 })).rejects.toThrow(
      `${bad.url} answered 400: status 400`,
    )
    expect(bad.hits()).toBe(1)
  })

  it('times out a request that never answers, after its retries', async () => {
    const silent = await serve([() => undefined])
    await expect(requestJson(silent.url, {}, { timeoutMs: 50, retries: 1, backoffMs: 1 })).rejects.toThrow(
      new DecodeError(
        `${silent.url} did not answer within 0.05 s; check that the engine is running and not overloaded`,
      ),
    )
    expect(silent.hits()).toBe(2)
  })

  it('cancellation aborts a request in flight', async () => {
    const silent = await serve([() => undefined])
    const controller = new AbortController()
    const pending = requestJson(silent.url, {}, { signal: controller.signal, timeoutMs: 10_000 })
    setTimeout(() => controller.abort(), 20)
    await expect(pending).rejects.toBeInstanceOf(CancelledError)
  })
})
