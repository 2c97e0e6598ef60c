import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { decode } from '../src/core/decode'
import { loadGgufModel } from '../src/main/models/gguf-model'
import { RemoteModel } from '../src/main/models/remote/remote-model'
import { startLlamaServer } from '../src/main/models/remote/testing/llama-server'
import { writeRandomGguf } from '../src/main/models/testing/gguf-fixtures'
import { medianMsAsync } from './measure'

const STEPS = 32

/**
 * The remote backend against the local one on the same writer-made fixture served by llama-server:
 * greedy tokens per second, and a width-4 beam with 4 requests in flight against 1 at a time.
 */
export async function benchRemote(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-bench-remote-'))
  const fixture = writeRandomGguf(dir, 'fixture.gguf', { d: 64, layers: 2, heads: 4, ff: 128, seed: 5 })
  const server = await startLlamaServer(fixture, { alias: 'fixture', parallel: 4 })
  const local = await loadGgufModel(fixture, { sequences: 4 })
  try {
    const prompt = local.tokenize('the ')
    const opts = { maxTokens: STEPS, topN: 10 }
    const greedy = { name: 'greedy' as const, params: {} }
    const beam = { name: 'beam' as const, params: { width: 4, lengthPenalty: 0 } }
    let tokens = 0
    const localMs = await medianMsAsync(async () => {
      tokens = (await decode(local, prompt, greedy, opts)).sequences[0].tokenIds.length
    }, 5)
    const remote = await RemoteModel.connect('fixture', { url: server.url, model: 'fixture', concurrency: 4 })
    const remoteMs = await medianMsAsync(() => decode(remote, prompt, greedy, opts), 5)
    const beam4Ms = await medianMsAsync(() => decode(remote, prompt, beam, opts), 3)
    const serial = await RemoteModel.connect('fixture', { url: server.url, model: 'fixture', concurrency: 1 })
    const beam1Ms = await medianMsAsync(() => decode(serial, prompt, beam, opts), 3)
    return {
      'remote.localGreedyTokensPerS': (1000 * tokens) / localMs,
      'remote.remoteGreedyTokensPerS': (1000 * tokens) / remoteMs,
      'remote.remoteOverLocalGreedy': localMs / remoteMs,
      'remote.beam4Concurrency4Ms': beam4Ms,
      'remote.beam4Concurrency1Ms': beam1Ms,
      'remote.beamConcurrencySpeedup': beam1Ms / beam4Ms,
    }
  } finally {
    await local.dispose()
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
