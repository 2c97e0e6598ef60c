// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Token } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../core/decode'
import { parseStrategySpec } from '../../core/strategy-spec'
import type { LanguageModel } from '../../core/types'
import { type GgufLanguageModel, loadGgufModel } from './gguf-model'
import { loadHostedGgufModel } from './gguf-host/hosted-gguf-model'
import { QWEN3_ENDOFTEXT, QWEN3_IM_END, writeQwen3Gguf } from './testing/qwen3-gguf'

const QWEN3_EOG = [128_247, QWEN3_ENDOFTEXT, QWEN3_IM_END, 151_662, 151_663, 151_664]

let dir: string
let file: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-eog-'))
  // <|endoftext|> is the likeliest token after any context, as on the model the issue reports.
  file = writeQwen3Gguf(dir, 'eot-likely.gguf', { boost: { [QWEN3_ENDOFTEXT]: 30 } })
  model = await loadGgufModel(file)
}, 60_000)

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

const run = (m: LanguageModel, spec: string, prompt: number[]) =>
  decode(
    m,
    prompt,
    parseStrategySpec(spec, () => 1),
    { maxTokens: 24, topN: 10 },
  )

describe('end-of-generation tokens of a GGUF model', () => {
  it('lists llama.cpp end-of-generation tokens, eos among them', () => {
    expect(model.eos).toBe(QWEN3_IM_END)
    expect(model.endTokens).toEqual(QWEN3_EOG)
  })

  it('ends greedy at <|endoftext|>, which is not eos, as node-llama-cpp does', async () => {
    const prompt = model.tokenize('Hello world')
    const { sequences, tree } = await run(model, 'greedy', prompt)
    expect(sequences.map((s) => [s.tokenIds, s.tokens, s.finished, s.text])).toEqual([
      [[QWEN3_ENDOFTEXT], ['<|endoftext|>'], true, ''],
    ])
    const leaf = tree.find((n) => n.id === sequences[0].nodeId)
    expect([leaf?.tokenId, leaf?.text, leaf?.depth, leaf?.expanded]).toEqual([
      QWEN3_ENDOFTEXT,
      '<|endoftext|>',
      1,
      false,
    ])
    // node-llama-cpp's own greedy generation stops there too (asked to yield the end token rather than swallow it).
    const ctx = await model.llamaModel.createContext({ contextSize: 64, sequences: 1, threads: 1 })
    const own: number[] = []
    for await (const t of ctx.getSequence().evaluate(prompt as Token[], { temperature: 0, yieldEogToken: true })) {
      own.push(t)
      if (model.llamaModel.isEogToken(t) || own.length >= 24) break
    }
    await ctx.dispose()
    expect(own).toEqual([QWEN3_ENDOFTEXT])
  })

  it('ends every beam at an end token and expands none of them', async () => {
    const { sequences, tree } = await run(model, 'beam:width=4', model.tokenize('Hello world'))
    expect(sequences[0].tokenIds).toEqual([QWEN3_ENDOFTEXT])
    for (const s of sequences)
      expect([s.finished, QWEN3_EOG.includes(s.tokenIds[s.tokenIds.length - 1])]).toEqual([true, true])
    for (const n of tree) if (n.tokenId !== null && QWEN3_EOG.includes(n.tokenId)) expect(n.expanded).toBe(false)
  })

  it('carries the list through the model host', async () => {
    const hosted = await loadHostedGgufModel(file)
    try {
      expect([hosted.eos, hosted.endTokens]).toEqual([QWEN3_IM_END, QWEN3_EOG])
      const { sequences } = await run(
        hosted as unknown as LanguageModel,
        'greedy',
        await hosted.tokenize('Hello world'),
      )
      expect(sequences.map((s) => [s.tokenIds, s.finished])).toEqual([[[QWEN3_ENDOFTEXT], true]])
    } finally {
      await hosted.dispose()
    }
  }, 60_000)
})
