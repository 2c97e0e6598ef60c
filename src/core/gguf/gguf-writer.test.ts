// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { GgufValue } from './gguf-format'
import { GgufFormatError, GgufTruncatedError, readGgufHeader } from './gguf-reader'
import { toF16Bits, writeGguf } from './gguf-writer'

const metadata: [string, GgufValue][] = [
  ['general.architecture', { type: 'string', value: 'llama' }],
  ['a.u8', { type: 'u8', value: 200 }],
  ['a.i8', { type: 'i8', value: -100 }],
  ['a.u16', { type: 'u16', value: 60000 }],
  ['a.i16', { type: 'i16', value: -30000 }],
  ['a.u32', { type: 'u32', value: 4_000_000_000 }],
  ['a.i32', { type: 'i32', value: -2_000_000_000 }],
  ['a.f32', { type: 'f32', value: 0.5 }],
  ['a.bool', { type: 'bool', value: true }],
  ['a.u64', { type: 'u64', value: 2 ** 40 }],
  ['a.i64', { type: 'i64', value: -(2 ** 40) }],
  ['a.f64', { type: 'f64', value: 0.1 }],
  ['a.big', { type: 'u64', value: 2n ** 63n }],
  ['a.strings', { type: 'array', itemType: 'string', value: ['<s>', '天', '\u2581'] }],
  ['a.floats', { type: 'array', itemType: 'f32', value: [1.5, -2] }],
]

const tensors = [
  { name: 'one', shape: [3], data: Float32Array.of(1, 2, 3) },
  { name: 'two', shape: [2, 5], data: Float32Array.from({ length: 10 }, (_, i) => i / 4) },
]

describe('writeGguf', () => {
  const bytes = writeGguf({ metadata, tensors })
  const header = readGgufHeader(bytes)

  it('writes a GGUF v3 header that parses back key for key', () => {
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('GGUF')
    expect(header.version).toBe(3)
    expect([...header.metadata.keys()]).toEqual(metadata.map(([k]) => k))
    for (const [key, v] of metadata) expect(header.metadata.get(key)).toEqual(v.value)
  })

  it('stores shapes reversed (ggml order) and reads them back in torch order, F32, at 32-byte aligned offsets', () => {
    expect(header.tensors).toEqual([
      { name: 'one', shape: [3], type: 0, offset: 0 },
      { name: 'two', shape: [2, 5], type: 0, offset: 32 },
    ])
    const view = new DataView(bytes.buffer, bytes.byteOffset)
    expect(header.dataOffset % 32).toBe(0)
    expect(header.alignment).toBe(32)
    expect(header.dataEnd).toBe(header.dataOffset + 32 + 40)
    expect(bytes.length).toBe(header.dataOffset + 32 + 64)
    for (const [i, t] of tensors.entries()) {
      const at = header.dataOffset + header.tensors[i].offset
      expect(Array.from(t.data, (_, k) => view.getFloat32(at + 4 * k, true))).toEqual(Array.from(t.data))
    }
  })

  it('writes dims innermost first', () => {
    const one = writeGguf({ metadata: [], tensors: [{ name: 'm', shape: [2, 5], data: new Float32Array(10) }] })
    const view = new DataView(one.buffer)
    // magic, version, counts (24 bytes), name length (8) and "m", n_dims (4), then dims.
    expect(view.getUint32(24 + 8 + 1, true)).toBe(2)
    expect(Number(view.getBigUint64(24 + 8 + 1 + 4, true))).toBe(5)
    expect(Number(view.getBigUint64(24 + 8 + 1 + 12, true))).toBe(2)
  })

  it('honours general.alignment', () => {
    const aligned = readGgufHeader(
      writeGguf({ metadata: [['general.alignment', { type: 'u32', value: 64 }]], tensors }),
    )
    expect(aligned.dataOffset % 64).toBe(0)
    expect(aligned.tensors.map((t) => t.offset)).toEqual([0, 64])
  })

  it('rejects data that does not fill the shape', () => {
    expect(() =>
      writeGguf({ metadata: [], tensors: [{ name: 'x', shape: [2, 2], data: new Float32Array(3) }] }),
    ).toThrow('tensor x: shape [2, 2] holds 4 values, data has 3')
  })
})

describe('F16 tensors', () => {
  it('rounds to the nearest half, ties to even, with subnormals and infinities', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.1, 0x2e66],
      [1 / 3, 0x3555],
      [65504, 0x7bff],
      [65519, 0x7bff],
      [65520, 0x7c00],
      [Infinity, 0x7c00],
      [2 ** -14, 0x0400],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000],
      [1.5 * 2 ** -25, 0x0001],
      [3 * 2 ** -25, 0x0002],
      [1 + 2 ** -11, 0x3c00],
      [1 + 3 * 2 ** -11, 0x3c02],
    ]
    for (const [x, bits] of cases) expect([x, toF16Bits(x)]).toEqual([x, bits])
    expect(toF16Bits(NaN) & 0x7c00).toBe(0x7c00)
    expect(toF16Bits(NaN) & 0x3ff).not.toBe(0)
  })

  it('stores an F16 tensor as type 1, two bytes a value, next tensor aligned after it', () => {
    const bytes = writeGguf({
      metadata: [],
      tensors: [
        { name: 'h', shape: [3, 7], data: Float32Array.from({ length: 21 }, (_, i) => i - 10), type: 'f16' },
        { name: 'f', shape: [1], data: Float32Array.of(2) },
      ],
    })
    const header = readGgufHeader(bytes)
    expect(header.tensors).toEqual([
      { name: 'h', shape: [3, 7], type: 1, offset: 0 },
      { name: 'f', shape: [1], type: 0, offset: 64 },
    ])
    expect(header.dataEnd).toBe(header.dataOffset + 64 + 4)
    const view = new DataView(bytes.buffer, bytes.byteOffset)
    expect(view.getUint16(header.dataOffset, true)).toBe(0xc900) // -10
    expect(view.getUint16(header.dataOffset + 2 * 11, true)).toBe(0x3c00) // 1
    expect(view.getFloat32(header.dataOffset + 64, true)).toBe(2)
  })
})

describe('readGgufHeader', () => {
  const bytes = writeGguf({ metadata, tensors })

  it('rejects a file that does not start with GGUF', () => {
    const bad = bytes.slice()
    bad[0] = 'X'.charCodeAt(0)
    expect(() => readGgufHeader(bad)).toThrow(GgufFormatError)
    expect(() => readGgufHeader(new TextEncoder().encode('{"a":1}'))).toThrow(
      'does not start with the GGUF magic bytes',
    )
  })

  it('asks for more bytes when the header is cut short', () => {
    for (const n of [0, 3, 10, 100, readGgufHeader(bytes).dataOffset - 40]) {
      expect(() => readGgufHeader(bytes.subarray(0, n))).toThrow(GgufTruncatedError)
    }
  })

  it('rejects other versions', () => {
    const v1 = bytes.slice()
    v1[4] = 1
    expect(() => readGgufHeader(v1)).toThrow('GGUF version 1 is not supported (only 2 and 3)')
  })
})
