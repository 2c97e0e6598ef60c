// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Token } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadGgufModel } from '../models/gguf-model'
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
    // The table says why the sequence is unfinished: the context was full, not max tokens.
    expect(r.out).toContain('no (context full)')
    expect(r.out).not.toContain('no (max tokens)')
    const runId = Number(/run (\d+) warning/.exec(r.out)?.[1])
    const shown = await json('show', String(runId), '--db', db())
    expect(shown.sequences.map((s: { tokens: string[]; finished: boolean }) => [s.tokens, s.finished])).toEqual([
      [[' world', ' world', ' world'], false],
    ])
    expect(shown.sequences[0].stopReason).toBe('contextEnd')
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

  it('scores a text as the assistant turn with --chat: after the rendered generation prompt, as llama.cpp gives it', async () => {
    const r = await json(
      'score',
      '--model',
      file,
      '--chat',
      '--system',
      'Be brief.',
      '--prompt',
      'Hi',
      '--text',
      ' world world',
    )
    // The real Qwen3 template, by hand: a system turn, the user turn, then the generation prompt.
    const context = '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n'
    expect(r.chat).toEqual({ system: 'Be brief.', prompt: context })
    expect(r.tokens).toEqual([' world', ' world'])
    expect(r.probability).toBe(r.steps[0].prob * r.steps[1].prob)
    expect(r.logProb).toBe(r.steps[0].logProb + r.steps[1].logProb)
    // node-llama-cpp's probabilities token by token after the context tokenized with its special tokens.
    const model = await loadGgufModel(file)
    try {
      const ids = model.llamaModel.tokenize(context, true)
      const ctx = await model.llamaModel.createContext({ contextSize: 256, sequences: 1, threads: 1 })
      const seq = ctx.getSequence()
      const ask = { generateNext: { probabilities: true } } as const
      let next = (await seq.controlledEvaluate([...ids.slice(0, -1), [ids[ids.length - 1], ask]])).at(-1)?.next
      const own: number[] = []
      for (const t of [1879, 1879] as Token[]) {
        const map = next?.probabilities ?? new Map<Token, number>()
        let sum = 0
        for (const p of map.values()) sum += p
        own.push((map.get(t) ?? NaN) / sum)
        next = (await seq.controlledEvaluate([[t, ask]]))[0]?.next
      }
      await ctx.dispose()
      r.steps.forEach((st: { prob: number }, i: number) =>
        expect(Math.abs(st.prob - own[i]) / own[i]).toBeLessThan(1e-4),
      )
    } finally {
      await model.dispose()
    }
    // Raw (no --chat), the same text scores after the bare prompt instead: another context, other probabilities.
    const raw = await json('score', '--model', file, '--prompt', 'Hi', '--text', ' world world')
    expect(raw.chat).toBeUndefined()
    expect(raw.probability).not.toBe(r.probability)
  }, 120_000)

  it('refuses --system with --no-chat for score', async () => {
    const r = await cli('score', '--model', file, '--no-chat', '--system', 'x', '--text', 'a')
    expect([r.code, r.out]).toEqual([2, ''])
    expect(r.err).toBe(
      'error: a system prompt needs chat: drop --no-chat (tick "As chat" in the app) or the system prompt\n',
    )
  }, 60_000)
})
