import type { GgufTensor } from '../../../core/gguf/gguf-writer'
import { seededRandom } from '../../../core/rng'

/** The weights' options of a random byte-level model fixture. */
export interface RandomWeightOptions {
  seed?: number
  /** Standard deviation of the random part of the logits (default 3). */
  logitScale?: number
  /**
   * Tokens made likelier after any context: about `boost` nats added to each one's logit
   * (through one residual dimension held constant), e.g. { 151643: 14 } makes Qwen3's `<|endoftext|>` the likeliest.
   */
  boost?: Readonly<Record<number, number>>
  /** Leave out output.weight, so llama.cpp ties it to token_embd (as small models do). */
  tied?: boolean
}

interface Shape {
  vocabSize: number
  d: number
  heads: number
  headsKv: number
  layers: number
  ff: number
  headSize: number
  /** Qwen3's per-head norms of queries and keys (attn_q_norm, attn_k_norm); Llama has none. */
  qkNorm: boolean
  /** Gemma's norms after attention and after the feed-forward part (post_attention_norm, post_ffw_norm). */
  postNorms?: boolean
  opts: RandomWeightOptions
}

/** The value of the residual dimension that `boost` uses, in every token's embedding. */
const BOOST_LEVEL = 4

/** Seeded random F16 weights of a Llama-shaped transformer (Qwen3's q/k norms with `qkNorm`). */
export function randomTransformerTensors(s: Shape): GgufTensor[] {
  const { vocabSize, d, layers, ff, headSize, opts } = s
  const random = seededRandom(opts.seed ?? 1)
  const q = s.heads * headSize
  const kv = s.headsKv * headSize
  const boosted = Object.entries(opts.boost ?? {}).map(([id, nats]) => [Number(id), nats] as const)
  const ones = (name: string, n: number): GgufTensor => ({ name, shape: [n], data: new Float32Array(n).fill(1) })
  // Uniform with variance gain²/fan-in, so activations keep their scale through the layers.
  const matrix = (name: string, rows: number, cols: number, gain = 1): GgufTensor => {
    const data = new Float32Array(rows * cols)
    const bound = gain * Math.sqrt(3 / cols)
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * bound
    return { name, shape: [rows, cols], data, type: 'f16' }
  }
  const embd = matrix('token_embd.weight', vocabSize, d, Math.sqrt(d))
  const tensors: GgufTensor[] = [embd, ones('output_norm.weight', d)]
  if (!opts.tied) tensors.push(matrix('output.weight', vocabSize, d, opts.logitScale ?? 3))
  for (let i = 0; i < layers; i++) {
    const p = `blk.${i}.`
    tensors.push(
      ones(`${p}attn_norm.weight`, d),
      matrix(`${p}attn_q.weight`, q, d),
      ...(s.qkNorm ? [ones(`${p}attn_q_norm.weight`, headSize)] : []),
      matrix(`${p}attn_k.weight`, kv, d),
      ...(s.qkNorm ? [ones(`${p}attn_k_norm.weight`, headSize)] : []),
      matrix(`${p}attn_v.weight`, kv, d),
      matrix(`${p}attn_output.weight`, d, q),
      ...(s.postNorms ? [ones(`${p}post_attention_norm.weight`, d), ones(`${p}post_ffw_norm.weight`, d)] : []),
      ones(`${p}ffn_norm.weight`, d),
      matrix(`${p}ffn_gate.weight`, ff, d),
      matrix(`${p}ffn_up.weight`, ff, d),
      matrix(`${p}ffn_down.weight`, d, ff),
    )
  }
  if (boosted.length > 0) {
    if (opts.tied) throw new RangeError('boost needs an output.weight of its own (tied: false)')
    // Residual dimension 0 holds BOOST_LEVEL in every embedding and no layer writes to it, so after the final
    // norm it is about BOOST_LEVEL / rms; only the boosted tokens' output rows read it.
    for (let t = 0; t < vocabSize; t++) embd.data[t * d] = BOOST_LEVEL
    const byName = new Map(tensors.map((t) => [t.name, t]))
    for (let i = 0; i < layers; i++) {
      for (const name of ['attn_output', 'ffn_down']) {
        const w = byName.get(`blk.${i}.${name}.weight`) as GgufTensor
        w.data.fill(0, 0, w.shape[1])
      }
    }
    const out = byName.get('output.weight') as GgufTensor
    const rms = Math.sqrt((BOOST_LEVEL ** 2 + d - 1) / d)
    for (let t = 0; t < vocabSize; t++) out.data[t * d] = 0
    for (const [id, nats] of boosted) out.data[id * d] = (nats * rms) / BOOST_LEVEL
  }
  return tensors
}
