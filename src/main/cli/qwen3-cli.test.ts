// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeQwen3Gguf } from '../models/testing/qwen3-gguf'
import { cli, json } from '../testing/run-cli'

let dir: string
let file: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qwen3-cli-'))
  // " world" (1879) is the likeliest token after any context.
  file = writeQwen3Gguf(dir, 'qwen3.gguf', { boost: { 1879: 30 } })
})

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const db = () => path.join(dir, 'lab.sqlite')

describe('the CLI on a Qwen3-shaped model', () => {
  it('prints leading-space tokens without an extra space in the readable table', async () => {
    const r = await cli('run', '--model', file, '--prompt', 'Hello', '--strategy', 'greedy', '--max-tokens', '3', '--db', db())
    expect(r.code, r.err).toBe(0)
    const row = r.out.split('\n').find((l) => l.startsWith('greedy'))
    expect(row).toMatch(/^greedy {2,} world world world {2,}/)
  }, 60_000)

  it('scores a Chinese text token by token, split characters shown as bytes then completed', async () => {
    const r = await cli('score', '--model', file, '--prompt', '天气', '--text', '鱻龘')
    expect([r.code, r.err]).toEqual([0, ''])
    const tokens = r.out.split('\n').slice(2, 6).map((l) => l.split(/ {2,}/)[0])
    expect(tokens).toEqual(['<E9 B1>', '<BB>鱻', '<E9 BE>', '<98>龘'])
  }, 60_000)

  it('forces tokens named by id and in a JSON array, a newline and a control token among them', async () => {
    const r = await json('run', '--model', file, '--prompt', 'Hello', '--force', '[" world", "\\n", 151644]', '--strategy', 'greedy', '--max-tokens', '1', '--db', db())
    expect(r.runs[0].strategy.forced).toEqual([1879, 198, 151644])
  }, 60_000)

  it('refuses --force " world" with exit 2 and one line, never forcing "world"', async () => {
    const r = await cli('run', '--model', file, '--prompt', 'Hello', '--force', ' world', '--strategy', 'greedy', '--db', db())
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `error: --force " world": whitespace that starts a token is lost between tokens separated by spaces; " world" is token #1879: force it as #1879, ␣world or '[" world"]'\n`,
    })
  }, 60_000)
})
