// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Token } from 'node-llama-cpp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import { writeGemma3Gguf } from './gemma3-gguf'
import { writeLfm2Gguf } from './lfm2-gguf'
import { writeMambaGguf } from './mamba-gguf'

let dir: string
const models = new Map<string, GgufLanguageModel>()

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-reuse-gguf-'))
  models.set('mamba', await loadGgufModel(writeMambaGguf(dir, 'mamba.gguf'), { threads: 1 }))
  models.set('lfm2', await loadGgufModel(writeLfm2Gguf(dir, 'lfm2.gguf'), { threads: 1 }))
  const gemma = writeGemma3Gguf(dir, 'gemma3.gguf', { architecture: 'gemma3', layers: 2, slidingWindow: 8 })
  models.set('gemma3', await loadGgufModel(gemma, { threads: 1 }))
}, 120_000)

afterAll(async () => {
  for (const m of models.values()) await m.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Each token's probability after its prefix, from a fresh node-llama-cpp context that evaluates the whole text once. */
async function ownProbabilities(
  model: GgufLanguageModel,
  prompt: readonly number[],
  tokens: readonly number[],
): Promise<number[]> {
  const ctx = await model.llamaModel.createContext({ contextSize: 256, sequences: 1, threads: 1 })
  try {
    const seq = ctx.getSequence()
    const ask = { generateNext: { probabilities: true } } as const
    // As a run sees it: after the BOS the model prepends.
    const head = model.bos === null ? prompt : [model.bos, ...prompt]
    const all = [...head, ...tokens]
    const steps = await seq.controlledEvaluate(
      all.map((t, i) => (i >= head.length - 1 ? [t as Token, ask] : (t as Token))),
    )
    return tokens.map((t, i) => {
      const map = steps[head.length - 1 + i]?.next?.probabilities ?? new Map<Token, number>()
      let sum = 0
      for (const p of map.values()) sum += p
      return (map.get(t as Token) ?? NaN) / sum
    })
  } finally {
    await ctx.dispose()
  }
}

describe.each([
  ['mamba', 'recurrent: a state per sequence, no KV cache'],
  ['lfm2', 'hybrid: a convolution state beside a KV cache'],
  ['gemma3', 'a sliding window of 8 tokens in every second block, past which the cache keeps no keys'],
])('%s (%s), whose state cannot be cut back to an earlier position', (name) => {
  let model: GgufLanguageModel
  beforeAll(() => {
    model = models.get(name) as GgufLanguageModel
  })

  it('loads (Mamba with its header saying 0 heads and 0 feed-forward width, LFM2 0 KV heads in one block)', () => {
    expect(model.vocabSize).toBe(name === 'gemma3' ? 262_144 : 151_936)
    expect(model.distributions).toEqual({ via: 'logits' })
  })

  it.each([
    ['greedy', { name: 'greedy', params: {} }],
    ['beam-4', { name: 'beam', params: { width: 4 } }],
  ] as const)(
    'gives %s the probabilities a fresh evaluation of each sequence gives',
    async (_what, spec) => {
      const prompt = await model.tokenize('Hello world')
      // 12 tokens take the sequences past the sliding window.
      const run = await decode(model, prompt, spec, { maxTokens: 12, topN: 3 })
      expect(run.sequences.length).toBe(spec.name === 'beam' ? 4 : 1)
      for (const s of run.sequences) {
        const own = await ownProbabilities(model, prompt, s.tokenIds)
        // Batches of other shapes round llama.cpp's floats otherwise (about 1e-3 at most here); a state
        // reused wrongly changes probabilities by tens of percent (a left-out BOS did so).
        s.steps.forEach((step, i) => expect(Math.abs(step.prob - own[i]) / own[i]).toBeLessThan(5e-3))
      }
    },
    60_000,
  )
})
