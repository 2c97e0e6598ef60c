// @vitest-environment node
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import { RemoteModel } from './remote-model'

// No engine has a switch that turns its log-probabilities off, so this is a minimal real HTTP server
// shaped like one that never sends them: the endpoints a connection needs, and completions with
// `logprobs: null` (OpenAI dialect) or no `completion_probabilities` (llama-server's native one).
let server: http.Server
let url: string

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      const answer = (status: number, value: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (req.url === '/v1/models')
        return answer(200, { object: 'list', data: [{ id: 'tiny', object: 'model', max_model_len: 64 }] })
      if (req.url === '/tokenize')
        return answer(200, { tokens: [...(JSON.parse(body) as { prompt: string }).prompt].map((c) => c.charCodeAt(0)) })
      if (req.url === '/v1/completions')
        return answer(200, {
          object: 'text_completion',
          choices: [{ index: 0, text: 'a', logprobs: null, finish_reason: 'length' }],
        })
      if (req.url === '/completion') return answer(200, { content: 'a', tokens_predicted: 1 })
      answer(404, { error: { code: 404, message: 'File Not Found' } })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise((resolve) => server.close(resolve)))

describe('an engine that returns no log-probabilities', () => {
  it.each(['openai', 'llama-server'] as const)(
    'is named in one line that says what to do (%s dialect)',
    async (api) => {
      const model = await RemoteModel.connect('tiny', { url, model: 'tiny', api, retries: 0 })
      await expect(
        decode(model, await model.tokenize('hi'), { name: 'greedy', params: {} }, { maxTokens: 3, topN: 5 }),
      ).rejects.toThrow(
        `the engine at ${url} returned no log-probabilities; start vLLM with --max-logprobs 20 (or more), or use a llama-server build that supports n_probs`,
      )
    },
  )

  it('is detected as OpenAI-compatible: it does not answer /props', async () => {
    expect((await RemoteModel.connect('tiny', { url, model: 'tiny', retries: 0 })).api.name).toBe('openai')
  })
})
