// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { decode } from '../../core/decode'
import { parseStrategySpec } from '../../core/strategy-spec'
import type { Distribution } from '../../core/types'
import { json } from '../testing/run-cli'
import { type GgufLanguageModel, inspectGgufFile, loadGgufModel } from './gguf-model'
import { cachedLayerSkipDraft, writeLayerSkipDraft } from './layer-skip-draft'

// DATA_DIR is read when src/main/paths.ts loads: point it at a temporary folder before any import.
const home = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'decoding-lab-home-'))
  process.env.DECODING_LAB_HOME = dir
  return dir
})

const SHIPPED = path.join(__dirname, '..', '..', '..', 'resources', 'models', 'tang-poems.gguf')
const PROMPT = '床前明月光，'

let dir: string
let draftFile: string
let expert: GgufLanguageModel
let amateur: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layer-skip-'))
  draftFile = cachedLayerSkipDraft(SHIPPED, 1, path.join(dir, 'cache'))
  expert = await loadGgufModel(SHIPPED)
  amateur = await loadGgufModel(draftFile)
})

afterAll(async () => {
  await expert?.dispose()
  await amateur?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(home, { recursive: true, force: true })
})

/** P(token) for every token of the vocabulary, by id, from either kind of distribution. */
function probsOf(d: Distribution): Float64Array {
  if (d.kind === 'probs') {
    const out = new Float64Array(d.ids.length)
    d.ids.forEach((id, i) => (out[id] = d.probs[i]))
    return out
  }
  const max = Math.max(...d.logits)
  const e = Float64Array.from(d.logits, (x) => Math.exp(x - max))
  const z = e.reduce((a, b) => a + b, 0)
  return e.map((x) => x / z)
}

/** V_head and the contrastive scores after `context`, from the two models' own full distributions. */
async function independentStep(
  context: number[],
  alpha: number,
): Promise<{ head: number[]; score: Map<number, number>; pa: Float64Array; pe: Float64Array }> {
  const pe = probsOf(await expert.next(context))
  const pa = probsOf(await amateur.next(context))
  const max = Math.max(...pe)
  const head = [...pe.keys()].filter((id) => pe[id] >= alpha * max)
  return { head, pa, pe, score: new Map(head.map((id) => [id, Math.log(pe[id]) - Math.log(pa[id])])) }
}

describe('the first block of a GGUF model as its amateur', () => {
  it('keeps one block, the same vocabulary and output layer, and is cached until the source changes', () => {
    const { header } = inspectGgufFile(draftFile)
    const source = inspectGgufFile(SHIPPED).header
    expect(header.metadata.get('llama.block_count')).toBe(1)
    expect(source.metadata.get('llama.block_count')).toBe(2)
    expect(header.metadata.get('tokenizer.ggml.tokens')).toEqual(source.metadata.get('tokenizer.ggml.tokens'))
    // token_embd, output_norm, output and the nine tensors of block 0.
    expect(header.tensors.map((t) => t.name).sort()).toEqual(
      source.tensors
        .map((t) => t.name)
        .filter((n) => !n.startsWith('blk.1.'))
        .sort(),
    )
    expect(header.tensors).toHaveLength(12)
    const before = fs.statSync(draftFile).mtimeMs
    expect(cachedLayerSkipDraft(SHIPPED, 1, path.join(dir, 'cache'))).toBe(draftFile)
    expect(fs.statSync(draftFile).mtimeMs).toBe(before)
    // A changed source (here a copy with a later stamp) is cut again.
    const copy = path.join(dir, 'copy.gguf')
    fs.copyFileSync(SHIPPED, copy)
    const first = cachedLayerSkipDraft(copy, 1, path.join(dir, 'cache'))
    fs.utimesSync(copy, new Date(), new Date(Date.now() + 5000))
    const stampBefore = fs.readFileSync(`${first}.source`, 'utf8')
    cachedLayerSkipDraft(copy, 1, path.join(dir, 'cache'))
    expect(fs.readFileSync(`${first}.source`, 'utf8')).not.toBe(stampBefore)
  })

  it('refuses to keep no block or every block', () => {
    expect(() => writeLayerSkipDraft(SHIPPED, path.join(dir, 'x.gguf'), 2)).toThrow(
      `cannot keep 2 blocks of ${SHIPPED}: give a whole number from 1 to 1 (it has 2)`,
    )
    expect(() => writeLayerSkipDraft(SHIPPED, path.join(dir, 'x.gguf'), 0)).toThrow('give a whole number from 1 to 1')
  })

  it('is a weaker model than the whole one: its distribution differs', async () => {
    const ctx = [expert.bos as number, ...(await expert.tokenize(PROMPT))]
    const { pe, pa } = await independentStep(ctx, 0.1)
    let tv = 0
    for (let i = 0; i < pe.length; i++) tv += Math.abs(pe[i] - pa[i]) / 2
    expect(tv).toBeGreaterThan(0.05)
  })

  it('one contrastive step scores every V_head candidate by log p_expert − log p_amateur of the two models', async () => {
    const promptIds = await expert.tokenize(PROMPT)
    const ctx = [expert.bos as number, ...promptIds]
    const want = await independentStep(ctx, 0.1)
    const spec = parseStrategySpec(`contrastive:amateur=${draftFile},alpha=0.1`, () => 1)
    const run = await decode(expert, promptIds, spec, { maxTokens: 1, topN: 10, draftModel: amateur })
    const first = run.tree.filter((n) => n.parent === 0 && n.contrastive !== undefined)
    expect(first.map((n) => n.tokenId).sort((a, b) => (a as number) - (b as number))).toEqual(want.head)
    expect(want.head.length).toBeGreaterThan(1)
    for (const n of first) {
      const id = n.tokenId as number
      // The same context evaluated again (decode clears the KV cache first) differs from the first
      // evaluation by float noise: 1.4e-8 in a probability of 0.033 here.
      expect(n.prob).toBeCloseTo(want.pe[id], 7)
      expect(n.contrastive?.amateurProb).toBeCloseTo(want.pa[id], 7)
      expect(n.contrastive?.score).toBeCloseTo(want.score.get(id) as number, 5)
    }
    const best = want.head.reduce((a, b) => ((want.score.get(b) as number) > (want.score.get(a) as number) ? b : a))
    expect(run.sequences[0].tokenIds[0]).toBe(best)
    expect(run.sequences[0].contrastiveScore).toBeCloseTo(want.score.get(best) as number, 5)
  })

  it('runs from the CLI as the model id tang-poems-1block, built into the data folder on first use', async () => {
    const db = path.join(dir, 'lab.sqlite')
    const out = await json(
      'run',
      '--model',
      'tang-poems',
      '--prompt',
      PROMPT,
      '--strategy',
      'contrastive:amateur=tang-poems-1block',
      '--max-tokens',
      '1',
      '--db',
      db,
    )
    expect(fs.existsSync(path.join(home, 'model-cache', 'tang-poems-first-1-blocks.gguf'))).toBe(true)
    const ctx = [expert.bos as number, ...(await expert.tokenize(PROMPT))]
    const want = await independentStep(ctx, 0.1)
    const best = want.head.reduce((a, b) => ((want.score.get(b) as number) > (want.score.get(a) as number) ? b : a))
    expect(out.runs[0].sequences[0].tokens).toEqual([expert.tokenText(best)])
    expect(out.runs[0].sequences[0].contrastiveScore).toBeCloseTo(want.score.get(best) as number, 4)
  })
})
