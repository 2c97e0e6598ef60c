import { describe, expect, it } from 'vitest'
import { ggufDeclaringArray, ggufDeclaringString } from '../testing/hostile-gguf'
import { writeGguf } from './gguf-writer'
import { GGUF_HEADER_LIMITS, GgufFormatError, GgufTruncatedError, readGgufHeader } from './gguf-reader'

const GiB = 2 ** 30

/** A file of `size` bytes that starts with `head` and is zeros after it, as a sparse file reads. */
function sparse(head: Uint8Array, size: number) {
  const reads: number[] = []
  const read = (at: number, n: number): Uint8Array => {
    reads.push(n)
    const out = new Uint8Array(Math.max(0, Math.min(n, size - at)))
    if (at < head.length) out.set(head.subarray(at, Math.min(head.length, at + out.length)))
    return out
  }
  return { size, read, reads }
}

// Magic, version, tensor count, metadata count; "general.architecture" = "llama"; then the hostile key's
// length, name, value type and item type, and its count: where the declared items would start.
const arrayStart = (key: string) => 24 + (8 + 20 + 4 + 8 + 5) + (8 + key.length + 4 + 4 + 8)

describe('readGgufHeader on hostile counts (bounded by the bytes that follow, before allocating)', () => {
  it('refuses an array that declares more items than the rest of a 1 GiB sparse file holds, naming the key', () => {
    const file = sparse(ggufDeclaringArray('big.array', 'u32', 2n ** 40n), GiB)
    const left = GiB - arrayStart('big.array')
    expect(() => readGgufHeader(file)).toThrow(
      new GgufTruncatedError(
        '',
        `metadata key "big.array" (an array of u32) declares ${2 ** 40} items (at least ${2 ** 42} bytes) but only ${left} bytes follow`,
      ),
    )
    expect(file.reads).toEqual([2 ** 20])
  })

  it('counts a string array at 8 bytes an item at least (its lengths)', () => {
    const file = sparse(ggufDeclaringArray('tokenizer.ggml.tokens', 'string', 2 ** 27), GiB)
    const left = GiB - arrayStart('tokenizer.ggml.tokens')
    expect(() => readGgufHeader(file)).toThrow(
      `metadata key "tokenizer.ggml.tokens" (an array of string) declares ${2 ** 27} items (at least ${2 ** 30} bytes) but only ${left} bytes follow`,
    )
  })

  it('refuses an array that the file could hold but no model header has', () => {
    const file = sparse(ggufDeclaringArray('big.array', 'u8', 2 ** 26), GiB)
    expect(() => readGgufHeader(file)).toThrow(
      new GgufFormatError(
        'invalid',
        `metadata key "big.array" (an array of u8) declares ${2 ** 26} items, more than any model's header holds (at most ${GGUF_HEADER_LIMITS.items} in all)`,
      ),
    )
  })

  it('refuses a string longer than the file, or than any header', () => {
    const at = 24 + (8 + 20 + 4 + 8 + 5) + 8 + 'chat'.length + 4
    expect(() => readGgufHeader(sparse(ggufDeclaringString('chat', 2 ** 40), GiB))).toThrow(
      `metadata key "chat": a string at byte ${at} declares ${2 ** 40} bytes but only ${GiB - at - 8} follow`,
    )
    expect(() => readGgufHeader(sparse(ggufDeclaringString('chat', 2 ** 29), GiB))).toThrow(
      `metadata key "chat": a string at byte ${at} declares ${2 ** 29} bytes, more than any model's header holds (at most ${GGUF_HEADER_LIMITS.bytes} in all)`,
    )
  })

  it('refuses tensor and metadata counts the file cannot hold', () => {
    const head = writeGguf({ metadata: [['general.architecture', { type: 'string', value: 'llama' }]], tensors: [] })
    const view = new DataView(head.buffer, head.byteOffset)
    view.setBigUint64(8, 2n ** 40n, true)
    expect(() => readGgufHeader(sparse(head, GiB))).toThrow(
      `the tensor count declares ${2 ** 40} items (at least ${24 * 2 ** 40} bytes) but only ${GiB - 16} bytes follow`,
    )
    view.setBigUint64(8, 0n, true)
    view.setBigUint64(16, 2n ** 40n, true)
    expect(() => readGgufHeader(sparse(head, GiB))).toThrow(
      `the metadata count declares ${2 ** 40} items (at least ${13 * 2 ** 40} bytes) but only ${GiB - 24} bytes follow`,
    )
  })

  it('reads a header larger than one piece forwards, each byte once (but the few a value split between pieces)', () => {
    const tokens = Array.from({ length: 200_000 }, (_, i) => `tok${i}·`)
    const bytes = writeGguf({
      metadata: [
        ['general.architecture', { type: 'string', value: 'llama' }],
        ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: tokens }],
        ['tokenizer.chat_template', { type: 'string', value: 'x'.repeat(3 * 2 ** 20) }],
      ],
      tensors: [{ name: 'token_embd.weight', shape: [1, 1], data: new Float32Array(1) }],
    })
    const file = sparse(bytes, bytes.length)
    const header = readGgufHeader(file)
    expect(header.metadata.get('tokenizer.ggml.tokens')).toEqual(tokens)
    expect(header.metadata.get('tokenizer.chat_template')).toBe('x'.repeat(3 * 2 ** 20))
    expect(header.tensors.map((t) => t.name)).toEqual(['token_embd.weight'])
    const read = file.reads.reduce((a, b) => a + b, 0)
    expect(read).toBeGreaterThanOrEqual(bytes.length)
    expect(read).toBeLessThan(bytes.length + 100)
  })
})
