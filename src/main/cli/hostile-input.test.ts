// @vitest-environment node
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ggufDeclaringArray } from '../../core/testing/hostile-gguf'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()
const CLI = path.resolve(__dirname, '../../../bin/decoding-lab.cjs')

describe('hostile model files', () => {
  it('refuses a 1 GiB sparse GGUF with a huge metadata array in one line, fast, without taking memory', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'sparse.gguf')
    fs.writeFileSync(file, ggufDeclaringArray('tokenizer.ggml.scores', 'f32', 2n ** 50n))
    fs.truncateSync(file, 2 ** 30)
    const left = 2 ** 30 - (24 + 45 + 8 + 'tokenizer.ggml.scores'.length + 16)
    const rss = process.memoryUsage().rss
    const started = performance.now()
    const r = await cli('run', '--model', file, '--strategy', 'greedy', '--db', path.join(dir, 'lab.sqlite'))
    expect(performance.now() - started).toBeLessThan(2000)
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20)
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `error: ${file} is truncated or damaged: metadata key "tokenizer.ggml.scores" (an array of f32) declares ${2 ** 50} items (at least ${2 ** 52} bytes) but only ${left} bytes follow\n`,
    })
  })
})

describe('bounded work and bad input, in one line with exit code 2', () => {
  const db = () => path.join(tempDir(), 'lab.sqlite')

  it('--max-tokens above the cap the app shares', async () => {
    expect(
      await cli('run', '--model', 'seed-weather', '--strategy', 'greedy', '--max-tokens', '5000', '--db', db()),
    ).toEqual({
      code: 2,
      out: '',
      err: 'error: --max-tokens must be <= 4096, got 5000\n',
    })
    const sweep = await cli(
      'sweep',
      '--model',
      'seed-weather',
      '--strategy',
      'beam',
      '--grid',
      'width=1,2',
      '--max-tokens',
      '4097',
      '--db',
      db(),
    )
    expect(sweep).toEqual({ code: 2, out: '', err: 'error: --max-tokens must be <= 4096, got 4097\n' })
  })

  it('exact:budget above its maximum', async () => {
    expect(await cli('run', '--model', 'seed-weather', '--strategy', 'exact:budget=1000000000', '--db', db())).toEqual({
      code: 2,
      out: '',
      err: 'error: strategy "exact:budget=1000000000": budget must be <= 10000000, got budget = 1000000000\n',
    })
  })

  it.each(['__proto__', 'constructor', 'toString'])('a parameter named %s', async (key) => {
    expect(await cli('run', '--model', 'seed-weather', '--strategy', `nucleus:p=0.9,${key}=1`, '--db', db())).toEqual({
      code: 2,
      out: '',
      err: `error: strategy "nucleus:p=0.9,${key}=1": unknown parameter "${key}"; nucleus takes p, temperature, seed, samples\n`,
    })
  })

  it('a prompt longer than the context of tang-poems (256 tokens in its GGUF), with nothing stored', async () => {
    const file = db()
    const prompt = '山'.repeat(300)
    const line =
      'error: the prompt is 301 tokens with BOS, longer than the context of tang-poems (256 tokens): shorten it\n'
    expect(await cli('run', '--model', 'tang-poems', '--prompt', prompt, '--strategy', 'greedy', '--db', file)).toEqual(
      { code: 2, out: '', err: line },
    )
    expect(
      await cli(
        'sweep',
        '--model',
        'tang-poems',
        '--prompt',
        prompt,
        '--strategy',
        'beam',
        '--grid',
        'width=1,2',
        '--db',
        file,
      ),
    ).toEqual({ code: 2, out: '', err: line })
    const runs = await cli('runs', '--db', file, '--json')
    expect(runs.code).toBe(0)
    expect(JSON.parse(runs.out).runs).toEqual([])
  }, 30_000)
})

describe('a closed stdout pipe', () => {
  it('ends `show … | head` quietly: exit 0, nothing on stderr', async () => {
    const file = path.join(tempDir(), 'lab.sqlite')
    // 5,000 samples: show prints about 0.5 MB, far past what a pipe buffers, so writes go on after the reader has gone.
    expect(
      (await cli('run', '--model', 'greedy-trap', '--strategy', 'nucleus:p=1,samples=5000,seed=1', '--db', file)).code,
    ).toBe(0)
    const child = spawn(process.execPath, [CLI, 'show', '1', '--db', file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const first = await new Promise<string>((resolve) => {
      let out = ''
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString()
        if (out.includes('\n')) {
          child.stdout.destroy()
          resolve(out.slice(0, out.indexOf('\n')))
        }
      })
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(first).toBe('run 1 of experiment 1: nucleus:p=1,temperature=1,seed=1,samples=5000 on greedy-trap, prompt ""')
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  }, 60_000)
})

describe('command names like Object.prototype members', () => {
  it.each(['__proto__', 'constructor', 'toString'])('%s is an unknown command', async (name) => {
    expect(await cli(name)).toEqual({
      code: 2,
      out: '',
      err: `error: unknown command "${name}"; use one of models, run, score, runs, show, diff, export, import, sweep (see --help)\n`,
    })
  })
})
