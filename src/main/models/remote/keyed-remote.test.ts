// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { EventChannel, EventPayload } from '../../../core/contract'
import { LabService } from '../../services/lab-service'
import { resolveModel } from '../registry'
import { writeRandomGguf } from '../testing/gguf-fixtures'
import { FileSecretStore, NO_SECRET_STORE } from './secret-store'
import { startLlamaServer, type RunningServer } from './testing/llama-server'
import { testCipher } from './testing/test-cipher'

// DATA_DIR (remotes.json, the stored keys) is read when src/main/paths.ts loads: set it before any import.
const home = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'decoding-lab-keyed-'))
  process.env.DECODING_LAB_HOME = dir
  return dir
})

const KEY = 'sk-decoding-lab-secret-4f9a1c'
let engine: RunningServer
let service: LabService
const finished: EventPayload<'job.finished'>[] = []

beforeAll(async () => {
  engine = await startLlamaServer(writeRandomGguf(home, 'engine.gguf', { seed: 3 }), {
    alias: 'fixture',
    apiKey: KEY,
    parallel: 2,
  })
  service = new LabService(
    path.join(home, 'lab.sqlite'),
    <C extends EventChannel>(channel: C, payload: EventPayload<C>) => {
      if (channel === 'job.finished') finished.push(payload as EventPayload<'job.finished'>)
    },
  )
}, 30 * 60_000)

afterAll(async () => {
  await service?.close()
  await engine?.stop()
  fs.rmSync(home, { recursive: true, force: true })
})

async function finishedJob(jobId: number): Promise<EventPayload<'job.finished'>> {
  for (let i = 0; i < 300; i++) {
    const done = finished.find((f) => f.jobId === jobId)
    if (done) return done
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${jobId} did not finish`)
}

describe('an API key typed in the app', () => {
  it('browser mode (no secret store) refuses it and says to use an environment variable', async () => {
    await expect(
      service['models.addRemote']({ name: 'keyed', url: engine.url, model: 'fixture', apiKey: KEY }),
    ).rejects.toThrow(NO_SECRET_STORE)
    expect(fs.existsSync(path.join(home, 'remotes.json'))).toBe(false)
  })

  it('is kept encrypted, decrypted for the run, and found in no export, nor is its ciphertext', async () => {
    service.secrets = new FileSecretStore(path.join(home, 'remote-keys'), testCipher())
    await expect(
      service['models.addRemote']({ name: 'keyed', url: engine.url, model: 'fixture', apiKey: 'wrong-key' }),
    ).rejects.toThrow('refused the API key (401)')
    const added = await service['models.addRemote']({ name: 'keyed', url: engine.url, model: 'fixture', apiKey: KEY })
    expect(added.model.id).toBe('keyed')

    const registry = fs.readFileSync(path.join(home, 'remotes.json'), 'utf8')
    const ciphertext = fs.readFileSync(path.join(home, 'remote-keys', 'keyed.key'))
    expect(JSON.parse(registry).remotes).toEqual([
      { id: 'keyed', url: engine.url, model: 'fixture', api: 'llama-server', apiKeyStored: true },
    ])
    const traces = [KEY, ciphertext.toString('base64'), ciphertext.toString('hex'), ciphertext.toString('latin1')]

    const { jobId } = await service['experiment.start']({
      model: 'keyed',
      prompt: 'the ',
      strategies: [{ name: 'greedy', params: {} }],
      maxTokens: 4,
      topN: 5,
    })
    const done = await finishedJob(jobId)
    expect(done.error).toBeNull()
    const { runs } = await service['experiment.get']({ experimentId: done.experimentId as number })
    expect(runs[0].status).toBe('done')
    // Its record names the engine's dialect, no file hash, and why a re-run may differ; never the key.
    expect(runs[0].provenance?.model).toEqual({ id: 'keyed', kind: 'remote', sha256: null, quantisation: null })
    expect(runs[0].provenance?.backend.name).toBe("llama-server's /completion")
    expect(runs[0].provenance?.nondeterminism?.code).toBe('remote-batching')

    for (const format of ['json', 'html', 'csv', 'dot'] as const) {
      const { files } = await service['report.export']({
        target: { experimentId: done.experimentId as number },
        format,
      })
      for (const f of files) {
        const text = Buffer.from(f.base64, 'base64').toString('latin1')
        for (const trace of traces) expect(text.includes(trace), `${f.fileName} holds a trace of the key`).toBe(false)
      }
    }
  })

  it('the command line, which cannot decrypt it, says how to use the engine there', async () => {
    await expect(resolveModel('keyed')).rejects.toThrow(
      'the API key of remote "keyed" is kept encrypted by the desktop app and only it can use it; to use this engine here, register it again with --api-key-env VAR',
    )
  })
})
