// @vitest-environment node
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import { probabilityOf } from '../../../core/distribution'
import { RemoteModel } from './remote-model'
import { useEngineFixture } from './testing/engine-fixture'

const fx = useEngineFixture()

// No engine here refuses token-id prompts, so a minimal real proxy in front of the real llama-server
// plays one: it answers 400 to a /v1/completions prompt given as ids and passes everything else on.
let proxy: http.Server
let url: string
const prompts: string[] = []

beforeAll(async () => {
  proxy = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      if (req.url === '/v1/completions') {
        const prompt = (JSON.parse(body) as { prompt: unknown }).prompt
        if (typeof prompt !== 'string') {
          res.writeHead(400, { 'content-type': 'application/json' })
          return res.end(
            JSON.stringify({ error: { message: 'prompt must be a string', type: 'invalid_request_error' } }),
          )
        }
        prompts.push(prompt)
      }
      const upstream = http.request(
        `${fx.server.url}${req.url}`,
        { method: req.method, headers: { 'content-type': 'application/json' } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, { 'content-type': up.headers['content-type'] ?? 'application/json' })
          up.pipe(res)
        },
      )
      upstream.end(body || undefined)
    })
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
}, 30 * 60_000)

afterAll(() => new Promise((resolve) => proxy.close(resolve)))

describe('an OpenAI-compatible engine that takes prompts only as text', () => {
  const withBos = (ids: number[]) => [...(fx.local.bos === null ? [] : [fx.local.bos]), ...ids]

  it('gets each context as text, and lists the local top 20 within 1e-3', async () => {
    const remote = await RemoteModel.connect('text-only', { url, model: 'fixture', api: 'openai', retries: 0 })
    for (const text of ['hello wor', 'the ', '天气']) {
      const [far, near] = [
        await remote.next(withBos(fx.local.tokenize(text))),
        await fx.local.next(withBos(fx.local.tokenize(text))),
      ]
      if (far.kind !== 'probs') throw new Error('expected listed probabilities')
      expect(far.ids.length).toBe(20)
      far.ids.forEach((id, i) => expect(Math.abs(far.probs[i] - probabilityOf(near, id))).toBeLessThan(1e-3))
      expect(prompts.at(-1)).toBe(text)
    }
  })

  it('refuses, in one line, a context that ends inside a character (a byte token), which text cannot carry', async () => {
    const remote = await RemoteModel.connect('text-only', { url, model: 'fixture', api: 'openai', retries: 0 })
    // Token 3 + 0xE5 is the byte 0xE5, the first of three bytes of a CJK character.
    await expect(remote.next(withBos([...fx.local.tokenize('the '), 3 + 0xe5]))).rejects.toThrow(
      `the engine at ${url} takes prompts only as text, and this context holds a part of a character (a byte token), which text cannot carry; use an engine that takes token ids (vLLM, llama-server)`,
    )
  })

  it('greedy gives the local tokens as long as they are whole characters', async () => {
    const remote = await RemoteModel.connect('text-only', { url, model: 'fixture', api: 'openai', retries: 0 })
    const local = await decode(
      fx.local,
      fx.local.tokenize('hello wor'),
      { name: 'greedy', params: {} },
      { maxTokens: 16, topN: 10 },
    )
    // The local path up to its first byte token, which a text prompt cannot go past.
    const ids = local.sequences[0].tokenIds
    const whole = ids.findIndex((id) => id >= 3 && id < 3 + 256)
    const steps = whole < 0 ? ids.length : whole + 1
    const far = await decode(
      remote,
      await remote.tokenize('hello wor'),
      { name: 'greedy', params: {} },
      { maxTokens: steps, topN: 10 },
    )
    expect(far.sequences[0].tokenIds).toEqual(ids.slice(0, steps))
    expect(steps).toBeGreaterThan(0)
  })
})
