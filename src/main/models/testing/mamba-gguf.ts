import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import type { GgufTensor } from '../../../core/gguf/gguf-writer'
import { writeGguf } from '../../../core/gguf/gguf-writer'
import { seededRandom } from '../../../core/rng'
import { qwen3TokenizerMetadata, QWEN3_VOCAB_SIZE } from './qwen3-gguf'

export interface MambaGgufOptions {
  seed?: number
  /** Residual width (default 32) and blocks (default 2). */
  d?: number
  layers?: number
}

/**
 * A recurrent model as a GGUF file: llama.cpp's `mamba` architecture (a selective state space per
 * block, no attention, so no KV cache to cut back: a sequence's state holds only its last position)
 * with tiny seeded random weights, and the Qwen3 tokenizer. The same options give the same bytes.
 */
export function mambaGguf(opts: MambaGgufOptions = {}): Uint8Array {
  const d = opts.d ?? 32
  const layers = opts.layers ?? 2
  const inner = 2 * d
  const conv = 4
  const state = 8
  const dtRank = Math.ceil(d / 16)
  const random = seededRandom(opts.seed ?? 1)
  const uniform = (name: string, shape: number[], bound: number, type: 'f16' | 'f32' = 'f32'): GgufTensor => {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1))
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * bound
    return { name, shape, data, type }
  }
  const filled = (name: string, n: number, value: number): GgufTensor => ({
    name,
    shape: [n],
    data: new Float32Array(n).fill(value),
  })
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'mamba' }],
    ['general.name', { type: 'string', value: 'random-mamba' }],
    ['general.file_type', u32(1)],
    ['mamba.context_length', u32(4096)],
    ['mamba.embedding_length', u32(d)],
    ['mamba.block_count', u32(layers)],
    ['mamba.feed_forward_length', u32(0)],
    ['mamba.attention.head_count', u32(0)],
    ['mamba.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['mamba.ssm.conv_kernel', u32(conv)],
    ['mamba.ssm.inner_size', u32(inner)],
    ['mamba.ssm.state_size', u32(state)],
    ['mamba.ssm.time_step_rank', u32(dtRank)],
    ...qwen3TokenizerMetadata(),
  ]
  const tensors: GgufTensor[] = [
    uniform('token_embd.weight', [QWEN3_VOCAB_SIZE, d], 1.7, 'f16'),
    filled('output_norm.weight', d, 1),
    uniform('output.weight', [QWEN3_VOCAB_SIZE, d], 3 * Math.sqrt(3 / d), 'f16'),
  ]
  for (let i = 0; i < layers; i++) {
    const p = `blk.${i}.`
    tensors.push(
      filled(`${p}attn_norm.weight`, d, 1),
      uniform(`${p}ssm_in.weight`, [2 * inner, d], Math.sqrt(3 / d)),
      uniform(`${p}ssm_conv1d.weight`, [inner, conv], Math.sqrt(3 / conv)),
      filled(`${p}ssm_conv1d.bias`, inner, 0),
      uniform(`${p}ssm_x.weight`, [dtRank + 2 * state, inner], Math.sqrt(3 / inner)),
      uniform(`${p}ssm_dt.weight`, [inner, dtRank], Math.sqrt(3 / dtRank)),
      filled(`${p}ssm_dt.bias`, inner, -2),
      // A is negative: each state decays.
      {
        ...uniform(`${p}ssm_a`, [inner, state], 1),
        data: new Float32Array(inner * state).map(() => -(0.2 + random())),
      },
      filled(`${p}ssm_d`, inner, 1),
      uniform(`${p}ssm_out.weight`, [d, inner], Math.sqrt(3 / inner)),
    )
  }
  return writeGguf({ metadata, tensors })
}

/** Writes mambaGguf(opts) to dir/name and returns its path. */
export function writeMambaGguf(dir: string, name: string, opts: MambaGgufOptions = {}): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, mambaGguf(opts))
  return file
}
