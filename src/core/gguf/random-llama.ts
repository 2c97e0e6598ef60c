import { seededRandom } from '../rng'
import { charVocab } from './char-vocab'
import { type LlamaSpec, llamaTensorShapes } from './llama-gguf'

export interface RandomLlamaOptions {
  /** The character vocabulary, one token each. */
  chars: readonly string[]
  d: number
  layers: number
  heads: number
  ff: number
  seed?: number
  contextLength?: number
  addBos?: boolean
  name?: string
  /** Standard deviation of the output logits; larger gives peakier distributions. */
  logitScale?: number
}

/** A tiny llama model with seeded random weights: the same options give the same file. */
export function randomLlama(opts: RandomLlamaOptions): LlamaSpec {
  const random = seededRandom(opts.seed ?? 1)
  const vocab = charVocab(opts.chars)
  const config = {
    contextLength: opts.contextLength ?? 256,
    embeddingLength: opts.d,
    blockCount: opts.layers,
    feedForwardLength: opts.ff,
    headCount: opts.heads,
    headCountKv: opts.heads,
    rmsEpsilon: 1e-5,
    ropeFreqBase: 10000,
  }
  const tensors = [...llamaTensorShapes(config, vocab.tokens.length)].map(([name, shape]) => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1))
    if (shape.length === 1) {
      data.fill(1)
    } else {
      // Uniform with variance gain²/fan-in, so activations keep their scale through the layers.
      const gain =
        name === 'output.weight' ? (opts.logitScale ?? 3) : name === 'token_embd.weight' ? Math.sqrt(shape[1]) : 1
      const bound = gain * Math.sqrt(3 / shape[1])
      for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * bound
    }
    return { name, shape, data }
  })
  return { name: opts.name ?? 'random-llama', config, vocab, addBos: opts.addBos ?? true, tensors }
}
