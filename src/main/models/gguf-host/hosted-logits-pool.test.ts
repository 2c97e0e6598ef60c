// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Distribution } from '../../../core/types'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import { FIXTURE_CHARS, writeRandomGguf } from '../testing/gguf-fixtures'
import { type HostedGgufModel, loadHostedGgufModel } from './hosted-gguf-model'

let dir: string
let local: GgufLanguageModel
let hosted: HostedGgufModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-pool-'))
  const file = writeRandomGguf(dir, 'tiny.gguf', { chars: FIXTURE_CHARS })
  local = await loadGgufModel(file, { sequences: 2 })
  hosted = await loadHostedGgufModel(file, { sequences: 2 })
}, 60_000)

afterAll(async () => {
  await hosted?.dispose()
  await local?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

const logitsOf = (d: Distribution): number[] => (d.kind === 'logits' ? [...d.logits] : [])
/** Largest difference between two rows: llama.cpp rounds a row differently with other rows in its batch (about 1e-6). */
const maxDiff = (x: Distribution, y: Distribution): number =>
  Math.max(...logitsOf(x).map((v, i) => Math.abs(v - logitsOf(y)[i])))

describe('a model host reusing its logits buffers', () => {
  it('answers every call with its own rows, also calls in flight together and calls wider than its sequences', async () => {
    const bos = local.bos as number
    const [a, b, c] = ['ab', 'ba', 'cc'].map((t) => [bos, ...local.tokenize(t)])
    // Three contexts on 2 sequences: two chunks in one call; then two calls sent at once.
    const [wide, first, second] = await Promise.all([
      hosted.nextMany([a, b, c]),
      hosted.nextMany([b]),
      hosted.nextMany([c, a]),
    ])
    const want = await local.nextMany([a, b, c])
    const pairs = [...wide.map((d, i) => [d, want[i]]), [first[0], want[1]], [second[0], want[2]], [second[1], want[0]]]
    for (const [got, expected] of pairs) expect(maxDiff(got, expected)).toBeLessThan(1e-4)
    // Rows of different contexts differ far more: a row overwritten by another call's would show.
    expect(Math.min(maxDiff(want[0], want[1]), maxDiff(want[1], want[2]), maxDiff(want[0], want[2]))).toBeGreaterThan(
      0.1,
    )
  })
})
