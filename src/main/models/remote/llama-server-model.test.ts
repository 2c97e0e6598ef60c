// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { probabilityOf, sortedCandidates } from '../../../core/distribution'
import { decode } from '../../../core/decode'
import { CancelledError } from '../../../core/errors'
import type { Distribution, TokenId } from '../../../core/types'
import { runExperiment } from '../../runs/run-experiment'
import { openDatabase } from '../../store/database'
import { getRun } from '../../store/runs-repo'
import { loadGgufModel, type GgufLanguageModel } from '../gguf-model'
import { writeRandomGguf } from '../testing/gguf-fixtures'
import { RemoteModel } from './remote-model'
import { freePort, llamaServerBinary, startLlamaServer, type RunningServer } from './testing/llama-server'

let dir: string
let fixture: string
let server: RunningServer
let local: GgufLanguageModel

beforeAll(async () => {
  llamaServerBinary() // builds it on first use: minutes, once per machine
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-remote-'))
  fixture = writeRandomGguf(dir, 'fixture.gguf', { seed: 3 })
  server = await startLlamaServer(fixture, { alias: 'fixture' })
  local = await loadGgufModel(fixture, { sequences: 4 })
}, 30 * 60_000)

afterAll(async () => {
  await server?.stop()
  await local?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

const connect = (opts: Partial<Parameters<typeof RemoteModel.connect>[1]> = {}) =>
  RemoteModel.connect('remote-fixture', { url: server.url, model: 'fixture', ...opts })

/** P(id) in a distribution of either kind (the local GGUF gives logits, the engine listed probabilities). */
const probOf = (d: Distribution, id: TokenId): number => probabilityOf(d, id)

describe('a llama-server engine as a remote backend', () => {
  it('learns the vocabulary and special tokens and tokenizes like the local backend', async () => {
    const remote = await connect()
    expect(remote.vocabSize).toBe(local.vocabSize)
    expect(remote.eos).toBe(local.eos)
    expect(await remote.tokenize('the cat, 天气')).toEqual(local.tokenize('the cat, 天气'))
  })

  it('gives the top 20 with probabilities within 1e-3 of the local full softmax, and the rest as otherMass', async () => {
    const remote = await connect()
    const context = [...(local.bos === null ? [] : [local.bos]), ...local.tokenize('hello wor')]
    const [far, near] = [await remote.next(context), await local.next(context)]
    if (far.kind !== 'probs') throw new Error('expected listed probabilities')
    expect(far.ids.length).toBe(20)
    let listed = 0
    for (let i = 0; i < far.ids.length; i++) {
      expect(Math.abs(far.probs[i] - probOf(near, far.ids[i]))).toBeLessThan(1e-3)
      listed += far.probs[i]
    }
    expect(far.otherMass).toBeCloseTo(1 - listed, 12)
    // The 20 listed are the local top 20.
    const localTop = [...sortedCandidates(near).probs].slice(0, 20)
    expect(Math.abs(localTop.reduce((s, p) => s + p, 0) - listed)).toBeLessThan(1e-3)
  })

  it('greedy through the engine gives exactly the tokens of the local GGUF backend', async () => {
    const remote = await connect()
    const prompt = await remote.tokenize('the ')
    const opts = { maxTokens: 24, topN: 10 }
    const far = await decode(remote, prompt, { name: 'greedy', params: {} }, opts)
    const near = await decode(local, prompt, { name: 'greedy', params: {} }, opts)
    expect(far.sequences[0].tokenIds).toEqual(near.sequences[0].tokenIds)
    expect(far.sequences[0].tokenIds.length).toBeGreaterThan(0)
    expect(far.sequences[0].logProb).toBeCloseTo(near.sequences[0].logProb, 2)
  })

  it('beam search sends its hypotheses concurrently and finds what the local beam finds', async () => {
    const remote = await connect({ concurrency: 4 })
    const prompt = await remote.tokenize('a ')
    const spec = { name: 'beam' as const, params: { width: 4, lengthPenalty: 0 } }
    const far = await decode(remote, prompt, spec, { maxTokens: 8, topN: 10 })
    const near = await decode(local, prompt, spec, { maxTokens: 8, topN: 10 })
    expect(remote.stats.maxInFlight).toBe(4)
    expect(far.sequences.map((s) => s.tokenIds)).toEqual(near.sequences.map((s) => s.tokenIds))
  })

  it('marks every expanded node of the tree as partial', async () => {
    const remote = await connect()
    const result = await decode(
      remote,
      await remote.tokenize('b'),
      { name: 'greedy', params: {} },
      { maxTokens: 3, topN: 5 },
    )
    const expanded = result.tree.filter((n) => n.expanded)
    expect(expanded.length).toBe(3)
    expect(expanded.every((n) => n.partial && (n.otherMass ?? 0) > 0)).toBe(true)
  })

  // Aborting a request in flight is tested on a silent server in http-client.test.ts; here, a run stops.
  it('cancelling stops a run on the engine with CancelledError', async () => {
    const remote = await connect()
    const controller = new AbortController()
    const running = decode(
      remote,
      await remote.tokenize('c'),
      { name: 'beam', params: { width: 4, lengthPenalty: 0 } },
      { maxTokens: 200, topN: 10, signal: controller.signal, onProgress: () => controller.abort() },
    )
    await expect(running).rejects.toBeInstanceOf(CancelledError)
  })
})

describe('remote failures give one clear message', () => {
  it('a refused connection', async () => {
    const port = await freePort()
    await expect(
      RemoteModel.connect('x', { url: `http://127.0.0.1:${port}`, model: 'fixture', retries: 0 }),
    ).rejects.toThrow(
      `cannot connect to http://127.0.0.1:${port}/v1/models: connection refused; is the engine running on that address and port?`,
    )
  })

  it('a wrong URL', async () => {
    await expect(
      RemoteModel.connect('x', { url: 'http://no-such-engine.invalid:8080', model: 'fixture', retries: 0 }),
    ).rejects.toThrow('cannot connect to http://no-such-engine.invalid:8080/v1/models: host not found; check the URL')
    await expect(RemoteModel.connect('x', { url: 'ftp://example', model: 'fixture' })).rejects.toThrow(
      'remote URL must start with http:// or https://, got "ftp://example"',
    )
    // A query or fragment would turn every request into one for another URL.
    await expect(RemoteModel.connect('x', { url: `${server.url}/#`, model: 'fixture' })).rejects.toThrow(
      `remote URL must be a base such as http://127.0.0.1:8080, without a query, fragment or credentials; got "${server.url}/#"`,
    )
  })

  it('an unknown model name', async () => {
    await expect(connect({ model: 'llama-70b' })).rejects.toThrow(
      `the engine at ${server.url} does not serve a model named "llama-70b"; it serves: fixture`,
    )
  })

  it('a bad API key, and the right one', async () => {
    const guarded = await startLlamaServer(fixture, { alias: 'fixture', apiKey: 'right-key', parallel: 1 })
    try {
      await expect(
        RemoteModel.connect('x', { url: guarded.url, model: 'fixture', apiKey: 'wrong-key' }),
      ).rejects.toThrow(
        `the engine at ${guarded.url}/v1/models refused the API key (401); check the key or its environment variable`,
      )
      const ok = await RemoteModel.connect('x', { url: guarded.url, model: 'fixture', apiKey: 'right-key' })
      expect(ok.vocabSize).toBe(local.vocabSize)
    } finally {
      await guarded.stop()
    }
  })

  it('a server killed mid-run: the run is stored as failed with its partial tree', async () => {
    const doomed = await startLlamaServer(fixture, { alias: 'fixture', parallel: 1 })
    const db = openDatabase(path.join(dir, 'killed.sqlite'))
    try {
      const remote = await RemoteModel.connect('doomed', {
        url: doomed.url,
        model: 'fixture',
        retries: 1,
        timeoutMs: 5_000,
      })
      let steps = 0
      const { runs } = await runExperiment(db, {
        model: remote,
        prompt: 'the',
        strategies: [{ name: 'beam', params: { width: 2, lengthPenalty: 0 } }],
        maxTokens: 400,
        topN: 5,
        onProgress: () => {
          if (++steps === 3) doomed.process.kill('SIGKILL')
        },
      })
      expect(runs[0].status).toBe('failed')
      expect(runs[0].error?.message).toMatch(/connection refused|connection to .* was lost/)
      const stored = getRun(db, runs[0].id)
      expect(stored?.status).toBe('failed')
      expect(stored?.tree.filter((n) => n.expanded).length).toBeGreaterThanOrEqual(3)
    } finally {
      db.close()
      await doomed.stop()
    }
  })
})

describe('scoring a given text on a remote engine', () => {
  it('matches the local full distribution, tokens outside the top 20 included', async () => {
    const remote = await connect()
    const { score } = await import('../../../core/score')
    const text = remote.tokenize('zq天!x')
    const prompt = remote.tokenize('the ')
    const [far, near] = [
      await score(remote, await prompt, await text),
      await score(local, local.tokenize('the '), local.tokenize('zq天!x')),
    ]
    expect(far.tokenIds).toEqual(near.tokenIds)
    let outside = 0
    const context = [...(local.bos === null ? [] : [local.bos]), ...(await prompt)]
    for (let i = 0; i < far.steps.length; i++) {
      expect(Math.abs(far.steps[i].prob - near.steps[i].prob)).toBeLessThan(1e-3)
      expect(far.steps[i].prob).toBeGreaterThan(0)
      const listed = await remote.next(context)
      if (listed.kind === 'probs' && !listed.ids.includes(far.tokenIds[i])) outside++
      context.push(far.tokenIds[i])
    }
    // The text was chosen so that the engine's top 20 miss some of its tokens.
    expect(outside).toBeGreaterThan(0)
    expect(far.logProb).not.toBeNull()
    expect(Math.abs((far.logProb ?? 0) - (near.logProb ?? 0))).toBeLessThan(1e-2)
  })
})
