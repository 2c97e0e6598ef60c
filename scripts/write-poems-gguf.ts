/**
 * Turns the weights that scripts/train-poems.py wrote into resources/models/tang-poems.gguf,
 * checks llama.cpp against torch's reference top-5, and prints samples for the model's README.
 *
 *   node --import tsx scripts/write-poems-gguf.ts /tmp/tang-poems [out.gguf]
 */
import fs from 'node:fs'
import path from 'node:path'
import { decode } from '../src/core/decode'
import { charVocab, FIRST_CHAR_ID, BOS_ID } from '../src/core/gguf/char-vocab'
import { writeLlamaGguf } from '../src/core/gguf/llama-gguf'
import type { Distribution, RunResult } from '../src/core/types'
import { loadGgufModel } from '../src/main/models/gguf-model'

interface Manifest {
  name: string
  config: {
    context_length: number
    embedding_length: number
    block_count: number
    feed_forward_length: number
    head_count: number
    head_count_kv: number
    rms_epsilon: number
    rope_freq_base: number
  }
  chars: string[]
  tensors: { name: string; shape: number[]; offset: number }[]
  training: Record<string, number | string>
}

interface Reference {
  prompt: string
  ids: number[]
  probs: number[]
}

async function main(): Promise<void> {
  const [dir, outArg] = process.argv.slice(2)
  if (!dir) throw new Error('usage: node --import tsx scripts/write-poems-gguf.ts WEIGHTS_DIR [OUT.gguf]')
  const out = outArg ?? path.join(__dirname, '..', 'resources', 'models', 'tang-poems.gguf')
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'weights.json'), 'utf8')) as Manifest
  const bin = fs.readFileSync(path.join(dir, 'weights.bin'))
  const weights = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength))
  const c = manifest.config
  const bytes = writeLlamaGguf({
    name: manifest.name,
    config: {
      contextLength: c.context_length,
      embeddingLength: c.embedding_length,
      blockCount: c.block_count,
      feedForwardLength: c.feed_forward_length,
      headCount: c.head_count,
      headCountKv: c.head_count_kv,
      rmsEpsilon: c.rms_epsilon,
      ropeFreqBase: c.rope_freq_base,
    },
    vocab: charVocab(manifest.chars),
    addBos: true,
    tensors: manifest.tensors.map((t) => {
      const count = t.shape.reduce((a, b) => a * b, 1)
      return { name: t.name, shape: t.shape, data: weights.subarray(t.offset / 4, t.offset / 4 + count) }
    }),
  })
  fs.writeFileSync(out, bytes)
  console.log(
    `wrote ${out}: ${(bytes.length / 2 ** 20).toFixed(2)} MiB, vocabulary ${FIRST_CHAR_ID + manifest.chars.length}`,
  )
  console.log('training:', JSON.stringify(manifest.training))

  const model = await loadGgufModel(out)
  try {
    const references = JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8')) as Reference[]
    let worst = 0
    for (const ref of references) {
      const expected = [...ref.prompt].map((ch) => FIRST_CHAR_ID + manifest.chars.indexOf(ch))
      const ids = model.tokenize(ref.prompt)
      if (ids.join() !== expected.join())
        throw new Error(`llama.cpp tokenizes ${JSON.stringify(ref.prompt)} as ${ids}, torch as ${expected}`)
      const dist = await model.next([BOS_ID, ...ids])
      const ours = top(dist, 5)
      ref.ids.forEach((id, k) => {
        if (ours.ids[k] !== id) console.log(`  rank ${k}: llama.cpp has ${ours.ids[k]}, torch ${id}`)
        worst = Math.max(worst, Math.abs(probOf(dist, id) - ref.probs[k]))
      })
      const shown = ours.ids
        .map((id, k) => `${model.tokenText(id)} ${ours.probs[k].toFixed(4)}/${ref.probs[k].toFixed(4)}`)
        .join(', ')
      console.log(`top-5 after ${JSON.stringify(ref.prompt)} (llama.cpp/torch): ${shown}`)
    }
    console.log(`largest top-5 probability difference, llama.cpp vs torch: ${worst.toExponential(2)}`)

    const prompt = model.tokenize('《春')
    const show = (label: string, r: RunResult): void => {
      for (const s of r.sequences)
        console.log(
          `${label}: ${JSON.stringify('《春' + s.text)} p=${s.probability.toExponential(3)} log p=${s.logProb.toFixed(2)}`,
        )
    }
    const opts = { maxTokens: 48, topN: 10 }
    for (const seed of [1, 2])
      show(
        `sample seed=${seed}`,
        await decode(model, prompt, { name: 'sample', params: { temperature: 1, seed, samples: 1 } }, opts),
      )
    const greedy = await decode(model, prompt, { name: 'greedy', params: {} }, { ...opts, maxTokens: 96 })
    show('greedy, 96 tokens', greedy)
    const beam = await decode(model, prompt, { name: 'beam', params: { width: 4, lengthPenalty: 0 } }, opts)
    show('beam width=4 (best)', { ...beam, sequences: beam.sequences.slice(0, 1) })
    const n = beam.sequences[0].tokenIds.length
    const greedyPrefix = greedy.sequences[0].steps.slice(0, n).reduce((a, s) => a + s.logProb, 0)
    console.log(`greedy's first ${n} tokens: log p=${greedyPrefix.toFixed(2)}`)
  } finally {
    await model.dispose()
  }
}

function top(dist: Distribution, n: number): { ids: number[]; probs: number[] } {
  if (dist.kind !== 'probs') throw new Error('expected probabilities')
  const order = [...dist.ids.keys()].sort((a, b) => dist.probs[b] - dist.probs[a]).slice(0, n)
  return { ids: order.map((i) => dist.ids[i]), probs: order.map((i) => dist.probs[i]) }
}

function probOf(dist: Distribution, id: number): number {
  if (dist.kind !== 'probs') return 0
  const i = dist.ids.indexOf(id)
  return i < 0 ? 0 : dist.probs[i]
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
