import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import type { GgufTensor } from '../../../core/gguf/gguf-writer'
import { writeGguf } from '../../../core/gguf/gguf-writer'
import { seededRandom } from '../../../core/rng'
import { qwen3TokenizerMetadata, QWEN3_VOCAB_SIZE } from './qwen3-gguf'

/**
 * A hybrid model as a GGUF file: llama.cpp's `lfm2` architecture (Liquid's LFM2), a short-convolution
 * block (recurrent state, no KV cache) then an attention block, with tiny seeded random weights and the
 * Qwen3 tokenizer. Hybrids (LFM2, Qwen3.5, Granite 4, Nemotron-H) keep a KV cache and a recurrent state
 * side by side. The same seed gives the same bytes.
 */
export function lfm2Gguf(seed = 1): Uint8Array {
  const d = 32
  const heads = 4
  const headsKv = 2
  const headSize = d / heads
  const ff = 64
  const cache = 3
  const random = seededRandom(seed)
  const matrix = (name: string, rows: number, cols: number, gain = 1, type: 'f16' | 'f32' = 'f32'): GgufTensor => {
    const data = new Float32Array(rows * cols)
    const bound = gain * Math.sqrt(3 / cols)
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * bound
    return { name, shape: [rows, cols], data, type }
  }
  const ones = (name: string, n: number): GgufTensor => ({ name, shape: [n], data: new Float32Array(n).fill(1) })
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'lfm2' }],
    ['general.name', { type: 'string', value: 'random-lfm2' }],
    ['general.file_type', u32(1)],
    ['lfm2.context_length', u32(4096)],
    ['lfm2.embedding_length', u32(d)],
    ['lfm2.block_count', u32(2)],
    ['lfm2.feed_forward_length', u32(ff)],
    ['lfm2.attention.head_count', u32(heads)],
    // Block 0 is a convolution (no KV heads), block 1 attention.
    ['lfm2.attention.head_count_kv', { type: 'array', itemType: 'u32', value: [0, headsKv] }],
    ['lfm2.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['lfm2.rope.freq_base', { type: 'f32', value: 1_000_000 }],
    ['lfm2.shortconv.l_cache', u32(cache)],
    ...qwen3TokenizerMetadata(),
  ]
  const tensors: GgufTensor[] = [
    matrix('token_embd.weight', QWEN3_VOCAB_SIZE, d, Math.sqrt(d), 'f16'),
    ones('token_embd_norm.weight', d),
    matrix('output.weight', QWEN3_VOCAB_SIZE, d, 3, 'f16'),
  ]
  for (let i = 0; i < 2; i++) {
    const p = `blk.${i}.`
    tensors.push(ones(`${p}attn_norm.weight`, d), ones(`${p}ffn_norm.weight`, d))
    tensors.push(
      matrix(`${p}ffn_gate.weight`, ff, d),
      matrix(`${p}ffn_up.weight`, ff, d),
      matrix(`${p}ffn_down.weight`, d, ff),
    )
    if (i === 0) {
      tensors.push(
        matrix(`${p}shortconv.conv.weight`, d, cache),
        matrix(`${p}shortconv.in_proj.weight`, 3 * d, d),
        matrix(`${p}shortconv.out_proj.weight`, d, d),
      )
    } else {
      tensors.push(
        ones(`${p}attn_q_norm.weight`, headSize),
        ones(`${p}attn_k_norm.weight`, headSize),
        matrix(`${p}attn_q.weight`, d, d),
        matrix(`${p}attn_k.weight`, headsKv * headSize, d),
        matrix(`${p}attn_v.weight`, headsKv * headSize, d),
        matrix(`${p}attn_output.weight`, d, d),
      )
    }
  }
  return writeGguf({ metadata, tensors })
}

/** Writes lfm2Gguf(seed) to dir/name and returns its path. */
export function writeLfm2Gguf(dir: string, name: string, seed = 1): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, lfm2Gguf(seed))
  return file
}
