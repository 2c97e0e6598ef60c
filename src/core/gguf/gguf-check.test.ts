// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors'
import { checkGgufHeader, estimateMemoryBytes } from './gguf-check'
import type { GgufValue } from './gguf-format'
import { writeGguf } from './gguf-writer'
import { llamaMetadata } from './llama-gguf'
import { randomLlama } from './random-llama'

const spec = randomLlama({ chars: [...'ab'], d: 16, layers: 2, heads: 2, ff: 16, contextLength: 32 })
const check = (bytes: Uint8Array, size = bytes.length) =>
  checkGgufHeader('m.gguf', { size, read: (at, n) => bytes.subarray(at, at + n) })

describe('checkGgufHeader', () => {
  it('accepts a complete model file', () => {
    const bytes = writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors })
    expect(check(bytes).tensors).toHaveLength(spec.tensors.length)
  })

  it('reads the first MiB of a large file, not all of it', () => {
    const bytes = writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors })
    const lengths: number[] = []
    checkGgufHeader('m.gguf', { size: 2 ** 30, read: (at, n) => (lengths.push(n), bytes.subarray(at, at + n)) })
    expect(lengths).toEqual([2 ** 20])
  })

  it('names what is wrong in one line', () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(0), 'm.gguf is truncated: its GGUF header runs past the end of the file (0 bytes)'],
      [new TextEncoder().encode('PK\x03\x04'), 'm.gguf is not a GGUF model file: it does not start with "GGUF"'],
      [
        writeGguf({ metadata: [], tensors: spec.tensors }),
        'm.gguf is not a language model: its GGUF metadata has no general.architecture',
      ],
      [
        writeGguf({ metadata: llamaMetadata(spec), tensors: [] }),
        'm.gguf holds no weights (a vocabulary-only GGUF file?)',
      ],
    ]
    for (const [bytes, message] of cases) expect(() => check(bytes)).toThrow(new InputError(message))
    const whole = writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors })
    expect(() => check(whole.subarray(0, whole.length - 1))).toThrow(
      new InputError(`m.gguf is truncated: it has ${whole.length - 1} bytes, its tensors need ${whole.length}`),
    )
  })
})

describe('checkGgufHeader on hyperparameters llama.cpp would abort on', () => {
  const damaged = 'the file is damaged or not a model llama.cpp can run'
  /** The spec's header with some values replaced (or added). */
  const withValues = (values: Record<string, GgufValue>) => {
    const metadata = llamaMetadata(spec).filter(([key]) => !(key in values))
    return check(writeGguf({ metadata: [...metadata, ...Object.entries(values)], tensors: spec.tensors }))
  }
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const u32s = (...value: number[]): GgufValue => ({ type: 'array', itemType: 'u32', value })

  it('accepts per-layer head counts with a recurrent layer of 0 KV heads', () => {
    expect(() =>
      withValues({ 'llama.attention.head_count': u32s(2, 2), 'llama.attention.head_count_kv': u32s(1, 0) }),
    ).not.toThrow()
  })

  it('takes 0 heads and 0 feed-forward width from a recurrent architecture only, and per-layer 0 widths', () => {
    expect(() => withValues({ 'llama.feed_forward_length': u32(0) })).toThrow(
      new InputError(`m.gguf: llama.feed_forward_length is 0; ${damaged}`),
    )
    expect(() => withValues({ 'llama.attention.head_count': u32(0) })).toThrow(
      new InputError(`m.gguf: llama.attention.head_count is 0; ${damaged}`),
    )
    const asMamba = llamaMetadata(spec).map(([key, value]): [string, GgufValue] =>
      key === 'general.architecture'
        ? [key, { type: 'string', value: 'mamba' }]
        : [key.replace(/^llama\./, 'mamba.'), value],
    )
    const mamba = [...asMamba.filter(([key]) => !key.includes('head_count') && !key.includes('feed_forward'))]
    mamba.push(['mamba.attention.head_count', u32(0)], ['mamba.feed_forward_length', u32(0)])
    expect(() => check(writeGguf({ metadata: mamba, tensors: spec.tensors }))).not.toThrow()
    // A hybrid model's recurrent layers (Nemotron-H) have no feed-forward part.
    expect(() => withValues({ 'llama.feed_forward_length': u32s(16, 0) })).not.toThrow()
  })

  it('names the key and what is wrong with it in one line', () => {
    const cases: [Record<string, GgufValue>, string][] = [
      [{ 'llama.attention.head_count_kv': u32s(0, 0) }, 'llama.attention.head_count_kv is 0 for every layer'],
      [{ 'llama.attention.head_count': u32s() }, 'llama.attention.head_count is an empty list'],
      [
        { 'llama.attention.head_count': u32s(2, 3), 'llama.attention.head_count_kv': u32s(2, 2) },
        'llama.attention.head_count (3) is not a multiple of llama.attention.head_count_kv (2)',
      ],
      [
        { 'llama.feed_forward_length': { type: 'string', value: 'wide' } },
        'llama.feed_forward_length is "wide", not a whole number',
      ],
      [
        { 'llama.feed_forward_length': { type: 'f32', value: 1.5 } },
        'llama.feed_forward_length is 1.5, not a whole number',
      ],
      [{ 'llama.block_count': { type: 'i32', value: -2 } }, 'llama.block_count is -2, not a whole number'],
      [
        { 'llama.block_count': { type: 'u64', value: 2n ** 40n } },
        'llama.block_count is 1099511627776, more than any real model has (at most 1048576)',
      ],
      [
        { 'llama.attention.layer_norm_epsilon': { type: 'f32', value: 2 } },
        'llama.attention.layer_norm_epsilon is 2, not a number between 0 and 1',
      ],
      [
        { 'llama.attention.layer_norm_rms_epsilon': { type: 'string', value: '1e-5' } },
        'llama.attention.layer_norm_rms_epsilon is "1e-5", not a number between 0 and 1',
      ],
      [{ 'general.alignment': u32(3) }, 'general.alignment is 3, not a power of two'],
      [
        { 'tokenizer.ggml.tokens': { type: 'array', itemType: 'string', value: [] } },
        'tokenizer.ggml.tokens is empty (a vocabulary of 0 tokens)',
      ],
    ]
    for (const [values, message] of cases)
      expect(() => withValues(values)).toThrow(new InputError(`m.gguf: ${message}; ${damaged}`))
  })
})

describe('estimateMemoryBytes', () => {
  it('adds an F16 key and value cache per layer, position and sequence to the file size', () => {
    const header = check(writeGguf({ metadata: llamaMetadata(spec), tensors: spec.tensors }))
    // 2 (K and V) × 2 layers × 32 positions × 4 sequences × 16 wide × 2 bytes
    expect(estimateMemoryBytes(header, 1000, 32, 4)).toBe(1000 + 2 * 2 * 32 * 4 * 16 * 2)
  })
})
