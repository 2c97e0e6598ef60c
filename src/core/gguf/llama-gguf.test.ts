// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { BOS_ID, charVocab, EOS_ID, FIRST_CHAR_ID, TOKEN_TYPE, UNK_ID } from './char-vocab'
import { readGgufHeader } from './gguf-reader'
import { writeLlamaGguf } from './llama-gguf'
import { randomLlama } from './random-llama'

const chars = [...'ab 天\n']
const spec = randomLlama({ chars, d: 16, layers: 2, heads: 2, ff: 24, seed: 3, contextLength: 64 })

describe('charVocab', () => {
  it('lays out <unk>, <s>, </s>, the 256 byte tokens, then one token per character', () => {
    const v = charVocab(chars)
    expect(v.tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>'])
    expect(v.tokens[3 + 0x0a]).toBe('<0x0A>')
    expect(v.tokens[258]).toBe('<0xFF>')
    expect(v.tokens.slice(FIRST_CHAR_ID)).toEqual(['a', 'b', '\u2581', '天', '\n'])
    expect([v.types[UNK_ID], v.types[BOS_ID], v.types[EOS_ID], v.types[3], v.types[FIRST_CHAR_ID]]).toEqual([
      TOKEN_TYPE.unknown,
      TOKEN_TYPE.control,
      TOKEN_TYPE.control,
      TOKEN_TYPE.byte,
      TOKEN_TYPE.normal,
    ])
  })

  it('rejects duplicates and multi-character entries', () => {
    expect(() => charVocab(['a', 'a'])).toThrow('character "a" appears twice in the vocabulary')
    expect(() => charVocab(['ab'])).toThrow('vocabulary entry "ab" is not one character')
  })
})

describe('writeLlamaGguf', () => {
  const header = readGgufHeader(writeLlamaGguf(spec))

  it('writes the keys llama.cpp needs for a llama model with a character vocabulary', () => {
    const m = header.metadata
    expect(m.get('general.architecture')).toBe('llama')
    expect(
      [
        'context_length',
        'embedding_length',
        'block_count',
        'feed_forward_length',
        'attention.head_count',
        'attention.head_count_kv',
        'rope.dimension_count',
      ].map((k) => m.get(`llama.${k}`)),
    ).toEqual([64, 16, 2, 24, 2, 2, 8])
    expect(m.get('llama.attention.layer_norm_rms_epsilon')).toBeCloseTo(1e-5, 10)
    expect(m.get('llama.rope.freq_base')).toBe(10000)
    expect(m.get('tokenizer.ggml.model')).toBe('llama')
    expect(m.get('tokenizer.ggml.tokens')).toEqual(charVocab(chars).tokens)
    expect(m.get('tokenizer.ggml.token_type')).toEqual(charVocab(chars).types)
    expect((m.get('tokenizer.ggml.scores') as number[]).length).toBe(FIRST_CHAR_ID + chars.length)
    expect([
      m.get('tokenizer.ggml.bos_token_id'),
      m.get('tokenizer.ggml.eos_token_id'),
      m.get('tokenizer.ggml.unknown_token_id'),
    ]).toEqual([1, 2, 0])
    expect(m.get('tokenizer.ggml.add_bos_token')).toBe(true)
    expect(m.get('tokenizer.ggml.add_space_prefix')).toBe(false)
  })

  it('writes every llama tensor with its torch shape', () => {
    const shapes = Object.fromEntries(header.tensors.map((t) => [t.name, t.shape]))
    const vocab = FIRST_CHAR_ID + chars.length
    expect(shapes['token_embd.weight']).toEqual([vocab, 16])
    expect(shapes['output.weight']).toEqual([vocab, 16])
    expect(shapes['output_norm.weight']).toEqual([16])
    expect(shapes['blk.1.attn_q.weight']).toEqual([16, 16])
    expect(shapes['blk.1.ffn_gate.weight']).toEqual([24, 16])
    expect(shapes['blk.1.ffn_down.weight']).toEqual([16, 24])
    expect(header.tensors).toHaveLength(3 + 2 * 9)
    expect(header.tensors.every((t) => t.type === 0 && t.offset % 32 === 0)).toBe(true)
  })

  it('refuses a missing, misshapen or foreign tensor', () => {
    expect(() => writeLlamaGguf({ ...spec, tensors: spec.tensors.slice(1) })).toThrow(
      'tensor token_embd.weight is missing',
    )
    const bad = spec.tensors.map((t) => (t.name === 'blk.0.attn_k.weight' ? { ...t, shape: [8, 32] } : t))
    expect(() => writeLlamaGguf({ ...spec, tensors: bad })).toThrow(
      'tensor blk.0.attn_k.weight has shape [8, 32], expected [16, 16]',
    )
    const extra = [...spec.tensors, { name: 'rope_freqs.weight', shape: [1], data: new Float32Array(1) }]
    expect(() => writeLlamaGguf({ ...spec, tensors: extra })).toThrow(
      'tensor rope_freqs.weight is not part of a llama model',
    )
  })
})

describe('randomLlama', () => {
  it('gives the same file for the same seed and a different one for another', () => {
    const again = writeLlamaGguf(randomLlama({ chars, d: 16, layers: 2, heads: 2, ff: 24, seed: 3, contextLength: 64 }))
    const other = writeLlamaGguf(randomLlama({ chars, d: 16, layers: 2, heads: 2, ff: 24, seed: 4, contextLength: 64 }))
    const first = writeLlamaGguf(spec)
    const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i])
    expect(same(first, again)).toBe(true)
    expect(same(first, other)).toBe(false)
  })
})
