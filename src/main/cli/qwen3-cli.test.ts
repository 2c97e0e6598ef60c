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
    const r = await cli(
      'run',
      '--model',
      file,
      '--prompt',
      'Hello',
      '--strategy',
      'greedy',
      '--max-tokens',
      '3',
      '--db',
      db(),
    )
    expect(r.code, r.err).toBe(0)
    const row = r.out.split('\n').find((l) => l.startsWith('greedy'))
    expect(row).toMatch(/^greedy {2,} world world world {2,}/)
  }, 60_000)

  it('scores a Chinese text token by token, split characters shown as bytes then completed', async () => {
    const r = await cli('score', '--model', file, '--prompt', '天气', '--text', '鱻龘')
    expect([r.code, r.err]).toEqual([0, ''])
    const tokens = r.out
      .split('\n')
      .slice(2, 6)
      .map((l) => l.split(/ {2,}/)[0])
    expect(tokens).toEqual(['<E9 B1>', '<BB>鱻', '<E9 BE>', '<98>龘'])
  }, 60_000)

  it('forces tokens named by id and in a JSON array, a newline and a control token among them', async () => {
    const r = await json(
      'run',
      '--model',
      file,
      '--prompt',
      'Hello',
      '--force',
      '[" world", "\\n", 151644]',
      '--strategy',
      'greedy',
      '--max-tokens',
      '1',
      '--db',
      db(),
    )
    expect(r.runs[0].strategy.forced).toEqual([1879, 198, 151644])
  }, 60_000)

  it('refuses --force " world" with exit 2 and one line, never forcing "world"', async () => {
    const r = await cli(
      'run',
      '--model',
      file,
      '--prompt',
      'Hello',
      '--force',
      ' world',
      '--strategy',
      'greedy',
      '--db',
      db(),
    )
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `error: --force " world": whitespace that starts a token is lost between tokens separated by spaces; " world" is token #1879: force it as #1879, ␣world or '[" world"]'\n`,
    })
  }, 60_000)

  it('refuses an empty prompt on a model that prepends no BOS, with exit 2 and one line', async () => {
    // Chat is the default for a model with a chat template: the raw prompt is asked for with --no-chat.
    const r = await cli('run', '--model', file, '--no-chat', '--strategy', 'greedy', '--db', db())
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `error: the prompt is empty and ${file} adds no BOS token before it: this model needs a prompt, or use --chat\n`,
    })
    // As chat, the template supplies the context.
    const chat = await cli('run', '--model', file, '--strategy', 'greedy', '--max-tokens', '1', '--db', db())
    expect(chat.code, chat.err).toBe(0)
  }, 60_000)

  it('stops a run at the end of the context, unfinished and with a warning, not an error', async () => {
    const r = await cli(
      'run',
      '--model',
      file,
      '--prompt',
      'Hello',
      '--no-chat',
      '--context-size',
      '4',
      '--max-tokens',
      '10',
      '--strategy',
      'greedy',
      '--db',
      db(),
    )
    expect(r.code, r.err).toBe(0)
    const warning =
      'the context of ' +
      file +
      ' is full (4 tokens): a sequence stopped after 3 tokens, before max tokens; a larger context size lets it go on'
    expect(r.out).toContain(`warning: ${warning}`)
    const runId = Number(/run (\d+) warning/.exec(r.out)?.[1])
    const shown = await json('show', String(runId), '--db', db())
    expect(shown.sequences.map((s: { tokens: string[]; finished: boolean }) => [s.tokens, s.finished])).toEqual([
      [[' world', ' world', ' world'], false],
    ])
    expect([shown.status, shown.warnings]).toEqual(['done', [warning]])
  }, 60_000)

  it('refuses a context size above the trained length with one line', async () => {
    const r = await cli(
      'run',
      '--model',
      file,
      '--prompt',
      'Hello',
      '--context-size',
      '40961',
      '--strategy',
      'greedy',
      '--db',
      db(),
    )
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `error: a context size of 40961 tokens is more than ${file} was trained for (40960): give at most 40960\n`,
    })
    const table = await cli(
      'run',
      '--model',
      'seed-weather',
      '--context-size',
      '8',
      '--strategy',
      'greedy',
      '--db',
      db(),
    )
    expect(table).toEqual({
      code: 2,
      out: '',
      err: 'error: a context size applies to GGUF models only; seed-weather is a table model\n',
    })
  })
})
