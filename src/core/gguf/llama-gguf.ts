import type { CharVocab } from './char-vocab'
import { BOS_ID, EOS_ID, UNK_ID } from './char-vocab'
import type { GgufValue } from './gguf-format'
import { type GgufTensor, writeGguf } from './gguf-writer'

/** Hyperparameters of a `llama` architecture model (multi-head attention, RMSNorm, SwiGLU, RoPE). */
export interface LlamaConfig {
  contextLength: number
  /** d, the width of the residual stream. */
  embeddingLength: number
  blockCount: number
  feedForwardLength: number
  headCount: number
  headCountKv: number
  rmsEpsilon: number
  ropeFreqBase: number
}

export interface LlamaSpec {
  name: string
  config: LlamaConfig
  vocab: CharVocab
  /** Whether llama.cpp prepends BOS to a tokenized prompt. */
  addBos: boolean
  /** Named as llama.cpp names them (token_embd.weight, blk.0.attn_q.weight, …), torch shapes. */
  tensors: GgufTensor[]
}

/** Every tensor a llama model needs, with its torch shape ([out, in] for a linear layer). */
export function llamaTensorShapes(config: LlamaConfig, vocabSize: number): Map<string, number[]> {
  const d = config.embeddingLength
  const kv = (d / config.headCount) * config.headCountKv
  const ff = config.feedForwardLength
  const shapes = new Map<string, number[]>([
    ['token_embd.weight', [vocabSize, d]],
    ['output_norm.weight', [d]],
    ['output.weight', [vocabSize, d]],
  ])
  for (let i = 0; i < config.blockCount; i++) {
    const p = `blk.${i}.`
    shapes.set(`${p}attn_norm.weight`, [d])
    shapes.set(`${p}attn_q.weight`, [d, d])
    shapes.set(`${p}attn_k.weight`, [kv, d])
    shapes.set(`${p}attn_v.weight`, [kv, d])
    shapes.set(`${p}attn_output.weight`, [d, d])
    shapes.set(`${p}ffn_norm.weight`, [d])
    shapes.set(`${p}ffn_gate.weight`, [ff, d])
    shapes.set(`${p}ffn_up.weight`, [ff, d])
    shapes.set(`${p}ffn_down.weight`, [d, ff])
  }
  return shapes
}

export function llamaMetadata(spec: LlamaSpec): [string, GgufValue][] {
  const c = spec.config
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const f32 = (value: number): GgufValue => ({ type: 'f32', value })
  return [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: spec.name }],
    ['general.file_type', u32(0)],
    ['llama.context_length', u32(c.contextLength)],
    ['llama.embedding_length', u32(c.embeddingLength)],
    ['llama.block_count', u32(c.blockCount)],
    ['llama.feed_forward_length', u32(c.feedForwardLength)],
    ['llama.attention.head_count', u32(c.headCount)],
    ['llama.attention.head_count_kv', u32(c.headCountKv)],
    ['llama.attention.layer_norm_rms_epsilon', f32(c.rmsEpsilon)],
    ['llama.rope.dimension_count', u32(c.embeddingLength / c.headCount)],
    ['llama.rope.freq_base', f32(c.ropeFreqBase)],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: spec.vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', value: spec.vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: spec.vocab.types }],
    ['tokenizer.ggml.bos_token_id', u32(BOS_ID)],
    ['tokenizer.ggml.eos_token_id', u32(EOS_ID)],
    ['tokenizer.ggml.unknown_token_id', u32(UNK_ID)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: spec.addBos }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    // Otherwise llama.cpp prefixes a space, and a lone character becomes byte tokens.
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
  ]
}

/** Encodes a llama model with a character vocabulary as a GGUF v3 file (F32, 32-byte aligned). */
export function writeLlamaGguf(spec: LlamaSpec): Uint8Array {
  const c = spec.config
  if (c.embeddingLength % c.headCount !== 0 || c.headCount % c.headCountKv !== 0) {
    throw new RangeError(`d=${c.embeddingLength} must split into ${c.headCount} heads, in groups of ${c.headCountKv}`)
  }
  if ((c.embeddingLength / c.headCount) % 2 !== 0) throw new RangeError('RoPE needs an even head size')
  const expected = llamaTensorShapes(c, spec.vocab.tokens.length)
  const given = new Map(spec.tensors.map((t) => [t.name, t]))
  for (const [name, shape] of expected) {
    const t = given.get(name)
    if (!t) throw new RangeError(`tensor ${name} is missing`)
    if (t.shape.join() !== shape.join())
      throw new RangeError(`tensor ${name} has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`)
  }
  for (const name of given.keys())
    if (!expected.has(name)) throw new RangeError(`tensor ${name} is not part of a llama model`)
  return writeGguf({
    metadata: llamaMetadata(spec),
    tensors: [...expected.keys()].map((name) => given.get(name) as GgufTensor),
  })
}
