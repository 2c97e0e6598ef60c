import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { loadGgufModel, type GgufLanguageModel } from '../../gguf-model'
import { writeRandomGguf } from '../../testing/gguf-fixtures'
import { llamaServerBinary, startLlamaServer, type RunningServer } from './llama-server'

export interface EngineFixture {
  dir: string
  /** The GGUF file both backends load. */
  file: string
  /** llama-server serving it as "fixture". */
  server: RunningServer
  /** The same file on the local GGUF backend. */
  local: GgufLanguageModel
}

/** A random GGUF fixture served by a real llama-server and loaded locally, for the tests of one file. */
export function useEngineFixture(): EngineFixture {
  const fixture = {} as EngineFixture
  beforeAll(async () => {
    llamaServerBinary() // builds it on first use: minutes, once per machine
    fixture.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-remote-'))
    fixture.file = writeRandomGguf(fixture.dir, 'fixture.gguf', { seed: 3 })
    fixture.server = await startLlamaServer(fixture.file, { alias: 'fixture' })
    fixture.local = await loadGgufModel(fixture.file, { sequences: 4 })
  }, 30 * 60_000)
  afterAll(async () => {
    await fixture.server?.stop()
    await fixture.local?.dispose()
    if (fixture.dir) fs.rmSync(fixture.dir, { recursive: true, force: true })
  })
  return fixture
}
