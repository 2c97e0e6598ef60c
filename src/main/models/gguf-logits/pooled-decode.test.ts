// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import type { Distribution, LanguageModel, RunResult, TokenId } from '../../../core/types'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import { FIXTURE_CHARS, writeRandomGguf } from '../testing/gguf-fixtures'

let dir: string
let pooled: GgufLanguageModel
let fresh: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pooled-decode-'))
  const file = writeRandomGguf(dir, 'tiny.gguf', { chars: FIXTURE_CHARS })
  pooled = await loadGgufModel(file, { sequences: 4 })
  // As the model host sets it up: rows come from the pool once released.
  pooled.poolLogits()
  fresh = await loadGgufModel(file, { sequences: 4 })
}, 60_000)

afterAll(async () => {
  await pooled?.dispose()
  await fresh?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The model, noting every logits row it hands over. */
function watching(model: GgufLanguageModel): { model: LanguageModel; rows: Set<Float32Array>; calls: number } {
  const seen = { model: model as LanguageModel, rows: new Set<Float32Array>(), calls: 0 }
  seen.model = Object.assign(Object.create(model) as LanguageModel, {
    nextMany: async (cs: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]> => {
      const out = await model.nextMany(cs, signal)
      seen.calls++
      for (const d of out) if (d.kind === 'logits') seen.rows.add(d.logits)
      return out
    },
  })
  return seen
}

const shape = (r: RunResult): unknown => ({ sequences: r.sequences, tree: r.tree })

describe('decode() releasing each step’s logits to a pooling model', () => {
  for (const [name, spec, rows] of [
    ['greedy', { name: 'greedy', params: {} }, 1],
    ['beam-4', { name: 'beam', params: { width: 4, lengthPenalty: 0 } }, 4],
  ] as const) {
    it(`${name}: every step reuses the same ${rows} row(s), and the run is the one fresh rows give`, async () => {
      if (pooled.distributions.via !== 'logits') return expect(pooled.distributions.via).toBe('map')
      const prompt = pooled.tokenize('ab')
      const opts = { maxTokens: 12, topN: 5 }
      const seen = watching(pooled)
      const got = await decode(seen.model, prompt, spec, opts)
      const want = await decode(fresh, prompt, spec, opts)
      expect(seen.calls).toBeGreaterThan(5)
      expect(seen.rows.size).toBe(rows)
      expect(shape(got)).toEqual(shape(want))
    }, 60_000)
  }
})
