// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { cli, json } from '../../testing/run-cli'
import { writeRandomGguf } from '../testing/gguf-fixtures'
import { freePort, startLlamaServer, type RunningServer } from './testing/llama-server'

// DATA_DIR (where remotes.json lives) is read when src/main/paths.ts loads: set it before any import.
const home = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'decoding-lab-home-'))
  process.env.DECODING_LAB_HOME = dir
  return dir
})

let server: RunningServer
let fixture: string
beforeAll(async () => {
  fixture = writeRandomGguf(home, 'engine.gguf', { seed: 3 })
  server = await startLlamaServer(fixture, { alias: 'fixture', parallel: 4 })
}, 30 * 60_000)
afterAll(async () => {
  await server?.stop()
  fs.rmSync(home, { recursive: true, force: true })
})

describe('remote engines from the command line', () => {
  it('models add-remote checks the engine, then run decodes on it like the local file', async () => {
    const added = await json('models', 'add-remote', '--url', server.url, '--model', 'fixture', '--name', 'engine')
    expect(added).toMatchObject({ model: { id: 'engine', kind: 'remote', builtin: false }, replaced: false })
    const listed = await json('models')
    expect(listed.models.find((m: { id: string }) => m.id === 'engine')).toMatchObject({
      kind: 'remote',
      description: `fixture served at ${server.url}`,
    })
    const db = path.join(home, 'a.sqlite')
    const remote = await json(
      'run',
      '--model',
      'engine',
      '--prompt',
      'the ',
      '--strategy',
      'greedy',
      '--max-tokens',
      '12',
      '--db',
      db,
    )
    const local = await json(
      'run',
      '--model',
      fixture,
      '--prompt',
      'the ',
      '--strategy',
      'greedy',
      '--max-tokens',
      '12',
      '--db',
      db,
    )
    expect(remote.runs[0].sequences[0].tokenIds).toEqual(local.runs[0].sequences[0].tokenIds)
  })

  it('--api openai is stored with the registration (detected as llama-server without it), and decodes the same', async () => {
    const added = await json(
      'models',
      'add-remote',
      '--url',
      server.url,
      '--model',
      'fixture',
      '--name',
      'engine-openai',
      '--api',
      'openai',
    )
    expect(added.api).toBe('openai')
    const stored = JSON.parse(fs.readFileSync(path.join(home, 'remotes.json'), 'utf8')).remotes
    expect(stored.map((r: { id: string; api: string }) => [r.id, r.api])).toEqual([
      ['engine', 'llama-server'],
      ['engine-openai', 'openai'],
    ])
    const db = path.join(home, 'b.sqlite')
    const far = await json(
      'run',
      '--model',
      'engine-openai',
      '--prompt',
      'the ',
      '--strategy',
      'greedy',
      '--max-tokens',
      '12',
      '--db',
      db,
    )
    const near = await json(
      'run',
      '--model',
      fixture,
      '--prompt',
      'the ',
      '--strategy',
      'greedy',
      '--max-tokens',
      '12',
      '--db',
      db,
    )
    expect(far.runs[0].sequences[0].tokenIds).toEqual(near.runs[0].sequences[0].tokenIds)
    const bad = await cli(
      'models',
      'add-remote',
      '--url',
      server.url,
      '--model',
      'fixture',
      '--name',
      'x',
      '--api',
      'grpc',
    )
    expect([bad.code, bad.err]).toEqual([
      2,
      'error: models add-remote: --api must be openai or llama-server, got "grpc"\n',
    ])
  })

  it('score on the engine gives the figures of the local file within 1e-3, EOS included', async () => {
    const far = await json('score', '--model', 'engine', '--prompt', 'the ', '--text', 'zq天!x cat', '--eos')
    const near = await json('score', '--model', fixture, '--prompt', 'the ', '--text', 'zq天!x cat', '--eos')
    expect(far.tokens).toEqual(near.tokens)
    expect(far.tokens.at(-1)).toBe('</s>')
    expect(Math.abs(far.logProb - near.logProb)).toBeLessThan(1e-3 * far.tokens.length)
    far.steps.forEach((s: { prob: number }, i: number) =>
      expect(Math.abs(s.prob - near.steps[i].prob)).toBeLessThan(1e-3),
    )
  })

  it('refuses to register an engine that does not answer, saving nothing', async () => {
    const port = await freePort()
    const r = await cli(
      'models',
      'add-remote',
      '--url',
      `http://127.0.0.1:${port}`,
      '--model',
      'fixture',
      '--name',
      'nowhere',
    )
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      `error: cannot connect to http://127.0.0.1:${port}/v1/models: connection refused; is the engine running on that address and port?\n`,
    )
    expect(
      JSON.parse(fs.readFileSync(path.join(home, 'remotes.json'), 'utf8')).remotes.map((x: { id: string }) => x.id),
    ).not.toContain('nowhere')
  })

  it('a sweep on the engine with --concurrency 4 gives what one at a time gives, and resumes with nothing left', async () => {
    const args = [
      'sweep',
      '--model',
      'engine',
      '--prompt',
      'a ',
      '--strategy',
      'nucleus:seed=3',
      '--grid',
      'p=0.5,0.9',
      '--grid',
      'temperature=0.7,1',
      '--samples',
      '2',
      '--max-tokens',
      '6',
    ]
    const together = await json(...args, '--concurrency', '4', '--db', path.join(home, 'together.sqlite'))
    const alone = await json(...args, '--concurrency', '1', '--db', path.join(home, 'alone.sqlite'))
    expect(together.done).toBe(4)
    const shown = async (db: string, runId: number) =>
      (await json('show', String(runId), '--db', db)).sequences.map((q: { tokenIds: number[] }) => q.tokenIds)
    for (let i = 0; i < 4; i++) {
      expect(await shown(path.join(home, 'together.sqlite'), together.cells[i].runId)).toEqual(
        await shown(path.join(home, 'alone.sqlite'), alone.cells[i].runId),
      )
    }
    const again = await cli(...args, '--concurrency', '4', '--db', path.join(home, 'together.sqlite'))
    expect(again.code).toBe(0)
    expect(again.err).toContain('4 done before, 0 to run')
  })
})
