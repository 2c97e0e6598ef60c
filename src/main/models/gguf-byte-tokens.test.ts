// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Token } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../core/decode'
import { score } from '../../core/score'
import { pathDisplays } from '../../core/token-bytes'
import { parseStrategySpec } from '../../core/strategy-spec'
import { type GgufLanguageModel, loadGgufModel } from './gguf-model'
import { loadHostedGgufModel } from './gguf-host/hosted-gguf-model'
import { QWEN3_ENDOFTEXT, QWEN3_VOCAB_SIZE, writeQwen3Gguf } from './testing/qwen3-gguf'

let dir: string
let file: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-bytes-'))
  file = writeQwen3Gguf(dir, 'qwen3.gguf')
  model = await loadGgufModel(file)
}, 60_000)

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** 鱻 (E9 B1 BB), 龘 (E9 BE 98) and 靐 (E9 9D 90) are each split over two byte-level tokens. */
const RARE = '鱻龘靐'

describe('byte-level tokens as people read them', () => {
  it('shows each token as the text its bytes stand for, a lone byte as <XX>', () => {
    expect([220, 198, 1879, 963, QWEN3_ENDOFTEXT].map((id) => model.tokenText(id))).toEqual([
      ' ',
      '\n',
      ' world',
      'é',
      '<|endoftext|>',
    ])
    expect(model.tokenize(RARE)).toEqual([100024, 119, 82912, 246, 21012, 238])
    expect(model.tokenize(RARE).map((id) => model.tokenText(id))).toEqual([
      '<E9 B1>',
      '<BB>',
      '<E9 BE>',
      '<98>',
      '<E9 9D>',
      '<90>',
    ])
    // The byte 0xE9 alone and the character é no longer look alike.
    const byteE9 = model.tokenize('é鱻')
    expect(byteE9.map((id) => model.tokenText(id))).toEqual(['é', '<E9 B1>', '<BB>'])
  })

  it('gives each of the 151,936 tokens a display of its own', () => {
    const seen = new Map<string, number[]>()
    for (let id = 0; id < QWEN3_VOCAB_SIZE; id++) {
      const t = model.tokenText(id)
      seen.set(t, [...(seen.get(t) ?? []), id])
    }
    const shared = [...seen.values()].filter((ids) => ids.length > 1)
    expect(shared).toEqual([])
    // Tokens that begin with a byte-order mark keep it.
    expect(model.tokenText(61519)).toBe('\ufeff\n')
  })

  it('shows a split character completed on the token that finishes it, in the tree', async () => {
    const forced = model.tokenize(RARE)
    const spec = { ...parseStrategySpec('greedy', () => 1), forced }
    const { tree, sequences } = await decode(model, model.tokenize('天气'), spec, { maxTokens: 1, topN: 3 })
    expect(sequences[0].tokens.slice(0, 6)).toEqual(['<E9 B1>', '<BB>鱻', '<E9 BE>', '<98>龘', '<E9 9D>', '<90>靐'])
    // The candidates after <E9 B1> read in the light of the open character.
    const open = tree.find((n) => n.tokenId === forced[0] && n.depth === 1)
    const candidates = tree.filter((n) => n.parent === open?.id)
    expect(candidates.length).toBe(4) // its top 3 and the forced <BB>
    for (const n of candidates)
      expect(n.text).toBe(
        pathDisplays([model.tokenBytes(forced[0]), model.tokenBytes(n.tokenId as number)], ['', ''])[1],
      )
  })

  it('scores a Chinese text by the chain rule over its byte-level tokens, as llama.cpp gives them', async () => {
    const prompt = model.tokenize('天气')
    const text = model.tokenize(`${RARE}很好`)
    // From a cold cache, so that each token is evaluated alone after the prompt, as below: llama.cpp's
    // rounding depends on what else is in the batch.
    await model.clearCache?.()
    const r = await score(model, prompt, text)
    expect(r.tokens).toEqual(['<E9 B1>', '<BB>鱻', '<E9 BE>', '<98>龘', '<E9 9D>', '<90>靐', '很好'])
    // node-llama-cpp's own probabilities (its softmax of llama.cpp's logits), token by token. Its Map sums to
    // about 1.0005 here (float32 sums over 151,936 tokens), so each is divided by its Map's sum.
    const ctx = await model.llamaModel.createContext({ contextSize: model.contextSize, sequences: 4, threads: 1 })
    const seq = ctx.getSequence()
    const own: number[] = []
    const sums: number[] = []
    const ask = { generateNext: { probabilities: true } } as const
    let next = (
      await seq.controlledEvaluate([...(prompt.slice(0, -1) as Token[]), [prompt[prompt.length - 1] as Token, ask]])
    ).at(-1)?.next
    for (const t of text) {
      const map = next?.probabilities ?? new Map<Token, number>()
      let sum = 0
      for (const p of map.values()) sum += p
      sums.push(sum)
      own.push((map.get(t as Token) ?? NaN) / sum)
      next = (await seq.controlledEvaluate([[t as Token, ask]]))[0]?.next
    }
    await ctx.dispose()
    for (const sum of sums) expect(Math.abs(sum - 1)).toBeLessThan(1e-3)
    r.steps.forEach((s, i) => expect(Math.abs(s.prob - own[i]) / own[i]).toBeLessThan(1e-5))
    const product = own.reduce((a, b) => a * b, 1)
    expect(Math.abs(r.probability - product) / product).toBeLessThan(1e-5)
    expect(r.probability).toBe(r.steps.reduce((a, s) => a * s.prob, 1))
  })

  it('has the model host give the same bytes', async () => {
    const hosted = await loadHostedGgufModel(file)
    try {
      for (const id of [220, 198, 82912, 246, QWEN3_ENDOFTEXT, 151_669]) {
        expect([id, hosted.tokenBytes(id), hosted.tokenText(id)]).toEqual([
          id,
          model.tokenBytes(id),
          model.tokenText(id),
        ])
      }
      expect(model.tokenBytes(QWEN3_ENDOFTEXT)).toBeNull()
      expect([...(model.tokenBytes(82912) ?? [])]).toEqual([0xe9, 0xbe])
    } finally {
      await hosted.dispose()
    }
  }, 60_000)
})
