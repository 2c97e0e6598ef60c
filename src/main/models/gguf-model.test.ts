// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../core/decode'
import { DecodeError, InputError, TokenizeError } from '../../core/errors'
import { BOS_ID, EOS_ID, FIRST_CHAR_ID } from '../../core/gguf/char-vocab'
import { readGgufHeader } from '../../core/gguf/gguf-reader'
import { writeGguf } from '../../core/gguf/gguf-writer'
import { llamaMetadata, writeLlamaGguf } from '../../core/gguf/llama-gguf'
import { randomLlama } from '../../core/gguf/random-llama'
import type { Distribution } from '../../core/types'
import { type GgufLanguageModel, loadGgufModel } from './gguf-model'
import { FIXTURE_CHARS, llamaGreedy, writeRandomGguf } from './testing/gguf-fixtures'

const SHIPPED = path.join(__dirname, '..', '..', '..', 'resources', 'models', 'tang-poems.gguf')
const charId = (c: string): number => FIRST_CHAR_ID + FIXTURE_CHARS.indexOf(c)

let dir: string
let fixture: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-model-'))
  fixture = writeRandomGguf(dir, 'tiny.gguf')
  model = await loadGgufModel(fixture)
})

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

function total(d: Distribution): number {
  return probsOf(d).reduce((a, b) => a + b, 0)
}

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

describe('loadGgufModel on a writer-made fixture', () => {
  it('describes the model', () => {
    expect(model.kind).toBe('gguf')
    expect(model.id).toBe(fixture)
    expect(model.vocabSize).toBe(FIRST_CHAR_ID + FIXTURE_CHARS.length)
    expect(model.bos).toBe(BOS_ID)
    expect(model.eos).toBe(EOS_ID)
    expect(model.threads).toBe(1)
  })

  it('tokenizes one character per token, falls back to bytes, and detokenizes without BOS or EOS', () => {
    expect(model.tokenize('ab 天')).toEqual([charId('a'), charId('b'), charId(' '), charId('天')])
    expect(model.tokenize('X')).toEqual([3 + 0x58])
    expect(model.tokenize('')).toEqual([])
    expect(model.detokenize([BOS_ID, charId('a'), charId(' '), charId('天'), EOS_ID])).toBe('a 天')
    expect(model.tokenText(charId(' '))).toBe(' ')
    expect(model.tokenText(charId('\n'))).toBe('\n')
    expect(model.tokenText(EOS_ID)).toBe('</s>')
    // A lone lead byte of a multi-byte character has no text of its own: it shows as its byte.
    expect(model.tokenText(3 + 0xe5)).toBe('<E5>')
  })

  it('gives a full distribution over the vocabulary that sums to 1', async () => {
    for (const text of ['a', 'hello world', '天气好']) {
      const d = await model.next([BOS_ID, ...model.tokenize(text)])
      // Raw logits through the project's addon (scripts/build-logits-addon.cjs, run by npm ci).
      expect(model.distributions).toEqual({ via: 'logits' })
      expect(d.kind === 'logits' && d.logits.length).toBe(model.vocabSize)
      expect(Math.abs(total(d) - 1)).toBeLessThan(1e-3)
    }
  })

  it('gives through the logits addon the distribution node-llama-cpp computes itself', async () => {
    const viaMap = await loadGgufModel(fixture, { distributions: 'map' })
    try {
      expect(viaMap.distributions.via).toBe('map')
      for (const text of ['a', 'hello world', '天气好']) {
        const context = [BOS_ID, ...model.tokenize(text)]
        const ours = probsOf(await model.next(context))
        const theirs = probsOf(await viaMap.next(context))
        expect(theirs.length).toBe(model.vocabSize)
        let worst = 0
        ours.forEach((p, id) => (worst = Math.max(worst, Math.abs(p - theirs[id]))))
        expect(worst).toBeLessThan(1e-6)
      }
    } finally {
      await viaMap.dispose()
    }
  })

  it('evaluates only what a context does not share with a cached sequence, and gives the same distribution', async () => {
    const fresh = await loadGgufModel(fixture, { sequences: 1 })
    try {
      const base = [BOS_ID, charId('a'), charId('b'), charId('c')]
      const first = await fresh.next(base)
      expect(fresh.stats.tokensEvaluated).toBe(4)
      await fresh.next([...base, charId('d')])
      expect(fresh.stats.tokensEvaluated).toBe(5)
      // Same context again: only its last token runs again, for its distribution.
      await fresh.next([...base, charId('d')])
      expect(fresh.stats.tokensEvaluated).toBe(6)
      const again = await fresh.next(base)
      expect(fresh.stats.tokensEvaluated).toBe(7)
      expect(fresh.stats.distributions).toBe(4)
      const [a, b] = [probsOf(first), probsOf(again)]
      a.forEach((p, id) => expect(b[id]).toBeCloseTo(p, 6))
    } finally {
      await fresh.dispose()
    }
  })

  it('runs several contexts at once on their own sequences and matches one-at-a-time results', async () => {
    const contexts = ['the ', 'then', 'a cat', '天'].map((t) => [BOS_ID, ...model.tokenize(t)])
    const many = await model.nextMany(contexts)
    for (const [i, c] of contexts.entries()) {
      const one = await model.next(c)
      const [m, o] = [probsOf(many[i]), probsOf(one)]
      o.forEach((p, id) => expect(m[id]).toBeCloseTo(p, 4))
    }
  })

  it('takes more contexts than it has sequences, in turns', async () => {
    const contexts = Array.from({ length: 9 }, (_, i) => [BOS_ID, charId('abcdefghi'[i])])
    const dists = await model.nextMany(contexts)
    expect(dists).toHaveLength(9)
    for (const d of dists) expect(Math.abs(total(d) - 1)).toBeLessThan(1e-3)
  })

  it('greedy equals node-llama-cpp’s own greedy generation (temperature 0)', async () => {
    for (const prompt of ['the', 'a', '天气', 'hello, world']) {
      const promptIds = model.tokenize(prompt)
      const ours = await decode(model, promptIds, { name: 'greedy', params: {} }, { maxTokens: 20, topN: 10 })
      const theirs = await llamaGreedy(model.llamaModel, [BOS_ID, ...promptIds], 20, model.eos)
      expect(ours.sequences[0].tokenIds).toEqual(theirs)
    }
  })

  it('beam search of width 1 equals greedy', async () => {
    const promptIds = model.tokenize('the')
    const greedy = await decode(model, promptIds, { name: 'greedy', params: {} }, { maxTokens: 20, topN: 10 })
    const beam = await decode(
      model,
      promptIds,
      { name: 'beam', params: { width: 1, lengthPenalty: 0 } },
      { maxTokens: 20, topN: 10 },
    )
    expect(beam.sequences[0].tokenIds).toEqual(greedy.sequences[0].tokenIds)
    expect(beam.sequences[0].logProb).toBeCloseTo(greedy.sequences[0].logProb, 5)
  })

  it('refuses contexts it cannot evaluate', async () => {
    await expect(model.next([BOS_ID, model.vocabSize])).rejects.toThrow(
      new DecodeError(`token id ${model.vocabSize} is outside the vocabulary of ${fixture}`),
    )
    const long = new Array(model.contextSize + 1).fill(charId('a'))
    await expect(model.next(long)).rejects.toThrow(
      new DecodeError(
        `a context of ${model.contextSize + 1} tokens exceeds the context size of ${fixture} (${model.contextSize})`,
      ),
    )
  })
})

describe('a model without BOS', () => {
  it('reports bos null and refuses an empty context', async () => {
    const file = writeRandomGguf(dir, 'no-bos.gguf', { addBos: false })
    const m = await loadGgufModel(file)
    try {
      expect(m.bos).toBeNull()
      await expect(m.next([])).rejects.toThrow(DecodeError)
      const d = await m.next(m.tokenize('ab'))
      expect(Math.abs(total(d) - 1)).toBeLessThan(1e-3)
    } finally {
      await m.dispose()
    }
  })
})

describe('a vocabulary that cannot express a text', () => {
  it('throws TokenizeError', async () => {
    // No byte tokens but the newline one llama.cpp needs: other characters become <unk>.
    const spec = randomLlama({ chars: FIXTURE_CHARS, d: 16, layers: 1, heads: 2, ff: 16 })
    const keep = [0, 1, 2, 3 + 0x0a, ...FIXTURE_CHARS.map((_, i) => FIRST_CHAR_ID + i)]
    const vocab = {
      tokens: keep.map((i) => spec.vocab.tokens[i]),
      types: keep.map((i) => spec.vocab.types[i]),
      scores: keep.map(() => 0),
    }
    const tensors = spec.tensors.map((t) =>
      t.name === 'token_embd.weight' || t.name === 'output.weight'
        ? { ...t, shape: [keep.length, 16], data: t.data.subarray(0, keep.length * 16) }
        : t,
    )
    const file = path.join(dir, 'no-bytes.gguf')
    fs.writeFileSync(file, writeLlamaGguf({ ...spec, vocab, tensors }))
    const m = await loadGgufModel(file)
    try {
      expect(m.tokenize('ab')).toHaveLength(2)
      expect(() => m.tokenize('aXb')).toThrow(
        new TokenizeError(`"aXb" has characters the vocabulary of ${file} cannot express: "X"`),
      )
    } finally {
      await m.dispose()
    }
  })
})

describe('bad model files give one clear line', () => {
  const loadError = async (file: string): Promise<Error> => {
    const err = await loadGgufModel(file).then(
      () => null,
      (e: unknown) => e as Error,
    )
    if (!err) throw new Error(`${file} loaded`)
    expect(err).toBeInstanceOf(InputError)
    return err
  }

  it('bad options', async () => {
    await expect(loadGgufModel(fixture, { sequences: 0 })).rejects.toThrow(
      new InputError('sequences must be a whole number >= 1, got 0'),
    )
    await expect(loadGgufModel(fixture, { threads: 1.5 })).rejects.toThrow(
      new InputError('threads must be a whole number >= 1, got 1.5'),
    )
  })

  it('missing file', async () => {
    const file = path.join(dir, 'nope.gguf')
    expect((await loadError(file)).message).toBe(`model file not found: ${file}`)
  })

  it('not a GGUF file', async () => {
    const file = path.join(dir, 'table.gguf')
    fs.writeFileSync(file, '{"name": "a table model"}')
    expect((await loadError(file)).message).toBe(`${file} is not a GGUF model file: it does not start with "GGUF"`)
  })

  it('truncated in the header and in the tensor data', async () => {
    const bytes = fs.readFileSync(fixture)
    const head = path.join(dir, 'head.gguf')
    fs.writeFileSync(head, bytes.subarray(0, 100))
    expect((await loadError(head)).message).toBe(
      `${head} is truncated: its GGUF header runs past the end of the file (100 bytes)`,
    )
    const half = path.join(dir, 'half.gguf')
    fs.writeFileSync(half, bytes.subarray(0, bytes.length >> 1))
    expect((await loadError(half)).message).toBe(
      `${half} is truncated: it has ${bytes.length >> 1} bytes, its tensors need ${bytes.length}`,
    )
  })

  it('unsupported architecture', async () => {
    const spec = randomLlama({ chars: FIXTURE_CHARS, d: 16, layers: 1, heads: 2, ff: 16 })
    const metadata = llamaMetadata(spec).map(([k, v]) =>
      k === 'general.architecture'
        ? ([k, { type: 'string', value: 'nonesuch' }] as const)
        : ([k.replace(/^llama\./, 'nonesuch.'), v] as const),
    )
    const file = path.join(dir, 'nonesuch.gguf')
    fs.writeFileSync(file, writeGguf({ metadata, tensors: spec.tensors }))
    expect((await loadError(file)).message).toBe(
      `${file}: unsupported model architecture "nonesuch" (llama.cpp cannot run it)`,
    )
  })

  it('too large for memory', async () => {
    // A header declaring 256 GiB of weights; the file is sparse, so it takes no disk space.
    const metadata = llamaMetadata(randomLlama({ chars: FIXTURE_CHARS, d: 16, layers: 1, heads: 2, ff: 16 }))
    const huge = writeGguf({
      metadata,
      tensors: [{ name: 'token_embd.weight', shape: [1, 1], data: new Float32Array(1) }],
    })
    const { dataOffset } = readGgufHeader(huge)
    // The tensor info: name, n_dims (u32), then the dims, innermost first.
    const dims = Buffer.from(huge).indexOf('token_embd.weight') + 'token_embd.weight'.length + 4
    const view = new DataView(huge.buffer)
    view.setBigUint64(dims, 2n ** 16n, true)
    view.setBigUint64(dims + 8, 2n ** 20n, true)
    const file = path.join(dir, 'huge.gguf')
    fs.writeFileSync(file, huge.subarray(0, dataOffset))
    fs.truncateSync(file, dataOffset + 2 ** 38)
    expect((await loadError(file)).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is too large for this machine's memory: it needs about 256\\.\\d GiB, \\d+\\.\\d GiB is free$`,
      ),
    )
  })

  it('a file llama.cpp cannot load for another reason', async () => {
    const spec = randomLlama({ chars: FIXTURE_CHARS, d: 16, layers: 1, heads: 2, ff: 16 })
    const file = path.join(dir, 'no-output-norm.gguf')
    fs.writeFileSync(
      file,
      writeGguf({
        metadata: llamaMetadata(spec),
        tensors: spec.tensors.filter((t) => t.name !== 'output_norm.weight'),
      }),
    )
    // llama.cpp words it in one of two ways, depending on which of node-llama-cpp's two load attempts logs last.
    expect([
      `cannot load ${file}: missing tensor 'output_norm.weight'`,
      `cannot load ${file}: check_tensor_dims: tensor 'output_norm.weight' not found`,
    ]).toContain((await loadError(file)).message)
  })
})

describe('the shipped model', () => {
  it('loads, sums to 1, and its greedy equals node-llama-cpp’s', async () => {
    const m = await loadGgufModel(SHIPPED)
    try {
      const promptIds = m.tokenize('《春')
      expect(promptIds).toHaveLength(2)
      expect(Math.abs(total(await m.next([BOS_ID, ...promptIds])) - 1)).toBeLessThan(1e-3)
      const ours = await decode(m, promptIds, { name: 'greedy', params: {} }, { maxTokens: 20, topN: 10 })
      expect(ours.sequences[0].tokenIds).toEqual(await llamaGreedy(m.llamaModel, [BOS_ID, ...promptIds], 20, m.eos))
    } finally {
      await m.dispose()
    }
  })
})
