// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { summarize } from '../../../core/distribution'
import type { Distribution } from '../../../core/types'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import { FIXTURE_CHARS, writeRandomGguf } from '../testing/gguf-fixtures'
import { writeQwen3Gguf } from '../testing/qwen3-gguf'
import { SUMMARY_TOP } from './logits-reader'

// The addon is optional; where it is built (npm run build:native), its summary must be the JS one.
let dir: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'native-summary-'))
  model = await loadGgufModel(writeQwen3Gguf(dir, 'qwen3.gguf'), { sequences: 2 })
}, 120_000)

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b))

describe('the addon’s fused summary of real logits (152k Qwen3 vocabulary)', () => {
  it('equals summarizeLogits in JS: sums to 1e-9 relative, the same top-n in the same order', async () => {
    if (model.distributions.via !== 'logits') return expect(model.distributions.via).toBe('map')
    const prompt = model.tokenize('Hello world, this is')
    const dists: Distribution[] = await model.nextMany([prompt, prompt.slice(0, 2)])
    dists.push(await model.next([...prompt, 11]))
    for (const dist of dists) {
      if (dist.kind !== 'logits') throw new Error('expected logits')
      expect(dist.summary?.ids.length, 'the built addon has no summary(): rebuild it with npm run build:native').toBe(
        SUMMARY_TOP,
      )
      const plain: Distribution = { kind: 'logits', logits: dist.logits }
      for (const n of [1, 10, SUMMARY_TOP]) {
        const native = summarize(dist, n)
        const js = summarize(plain, n)
        expect(Array.from(native.ids)).toEqual(Array.from(js.ids))
        native.probs.forEach((p, k) => expect(relative(p, js.probs[k])).toBeLessThan(1e-9))
        expect(relative(native.entropy, js.entropy)).toBeLessThan(1e-9)
        expect(relative(native.normaliser!.z, js.normaliser!.z)).toBeLessThan(1e-9)
        expect(native.normaliser!.max).toBe(js.normaliser!.max)
        expect(Math.abs(native.otherMass - js.otherMass)).toBeLessThan(1e-12)
      }
      // Independent of both: the ranking order by a full sort of the row.
      const order = Array.from(dist.logits.keys()).sort((a, b) => dist.logits[b] - dist.logits[a] || a - b)
      expect(Array.from(dist.summary!.ids)).toEqual(order.slice(0, SUMMARY_TOP))
      expect(Array.from(dist.summary!.logits)).toEqual(order.slice(0, SUMMARY_TOP).map((i) => dist.logits[i]))
    }
  }, 60_000)

  it('falls back to the JS pass when more entries are asked than the model selected', async () => {
    if (model.distributions.via !== 'logits') return
    const dist = await model.next(model.tokenize('Hello'))
    if (dist.kind !== 'logits') throw new Error('expected logits')
    const wide = summarize(dist, SUMMARY_TOP + 1)
    expect(wide.ids.length).toBe(SUMMARY_TOP + 1)
    expect(Array.from(wide.ids)).toEqual(
      Array.from(summarize({ kind: 'logits', logits: dist.logits }, SUMMARY_TOP + 1).ids),
    )
  }, 60_000)

  // The addon sums 4 logits at a time where the CPU has AVX2: a vocabulary of 4k + 1, 4k + 2 and 4k + 3
  // tokens ends in a partial block, whose missing lanes must add nothing.
  it('sums a vocabulary whose size is not a multiple of 4 as the JS does', async () => {
    if (model.distributions.via !== 'logits') return
    const sizes = new Set<number>()
    for (const drop of [0, 1, 2]) {
      const file = writeRandomGguf(dir, `tail-${drop}.gguf`, {
        chars: FIXTURE_CHARS.slice(0, FIXTURE_CHARS.length - drop),
      })
      const small = await loadGgufModel(file, { sequences: 1 })
      try {
        sizes.add(small.vocabSize % 4)
        const dist = await small.next(small.tokenize('ab'))
        if (dist.kind !== 'logits' || !dist.summary) throw new Error('expected logits with a native summary')
        const native = summarize(dist, 10)
        const js = summarize({ kind: 'logits', logits: dist.logits }, 10)
        expect(Array.from(native.ids)).toEqual(Array.from(js.ids))
        expect(relative(native.normaliser!.z, js.normaliser!.z)).toBeLessThan(1e-12)
        expect(relative(native.entropy, js.entropy)).toBeLessThan(1e-12)
      } finally {
        await small.dispose()
      }
    }
    expect([...sizes].sort()).toEqual([1, 2, 3])
  }, 60_000)
})
