// @vitest-environment node
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import { CancelledError } from '../../../core/errors'
import { parseStrategySpec } from '../../../core/strategy-spec'
import type { RunProgress } from '../../../core/types'
import { loadGgufModel, type GgufLanguageModel } from '../gguf-model'
import { loadHostedGgufModel, type HostedGgufModel } from './hosted-gguf-model'

const SHIPPED = path.join(__dirname, '..', '..', '..', '..', 'resources', 'models', 'tang-poems.gguf')
let hosted: HostedGgufModel
let local: GgufLanguageModel

beforeAll(async () => {
  hosted = await loadHostedGgufModel(SHIPPED, { sequences: 4, threads: 1 })
  local = await loadGgufModel(SHIPPED, { sequences: 4, threads: 1 })
}, 60_000)
afterAll(async () => {
  await hosted?.dispose()
  await local?.dispose()
})

describe('a run decoded in the model host', () => {
  it('gives the same sequences and tree as the same run decoded here, step by step (checked on greedy, beam and a seeded nucleus)', async () => {
    const prompt = await hosted.tokenize('春风')
    for (const text of ['greedy', 'beam:width=3', 'nucleus:p=0.9,samples=3,seed=7']) {
      const spec = parseStrategySpec(text, () => 1)
      const opts = { maxTokens: 12, topN: 5 }
      const there = await hosted.decodeInHost(prompt, spec, opts)
      const here = await decode(local, prompt, spec, opts)
      expect(there.sequences.map((s) => s.tokenIds)).toEqual(here.sequences.map((s) => s.tokenIds))
      // The same llama.cpp on the same batches gives the same logits, bit for bit.
      expect(there.sequences).toEqual(here.sequences)
      expect(there.tree).toEqual(here.tree)
    }
  }, 60_000)

  it('reports progress up to the last step, and a cancelled run fails with CancelledError and its partial tree', async () => {
    const prompt = await hosted.tokenize('春')
    const seen: RunProgress[] = []
    const done = await hosted.decodeInHost(
      prompt,
      { name: 'greedy', params: {} },
      { maxTokens: 10, topN: 3, onProgress: (p) => seen.push(p) },
    )
    expect(seen.at(-1)?.step).toBe(done.sequences[0].tokenIds.length)

    const controller = new AbortController()
    const run = hosted.decodeInHost(
      prompt,
      parseStrategySpec('nucleus:p=0.95,samples=400,seed=1', () => 1),
      {
        maxTokens: 200,
        topN: 3,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      },
    )
    const err = await run.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CancelledError)
    expect((err as { partialTree?: unknown[] }).partialTree?.length).toBeGreaterThan(0)
    // The host goes on answering.
    expect(
      (await hosted.decodeInHost(prompt, { name: 'greedy', params: {} }, { maxTokens: 10, topN: 3 })).sequences[0]
        .tokenIds,
    ).toEqual(done.sequences[0].tokenIds)
  }, 60_000)
})
