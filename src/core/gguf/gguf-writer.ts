import {
  GGML_TYPE_F16,
  GGML_TYPE_F32,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VALUE_TYPES,
  GGUF_VERSION,
  type GgufScalar,
  type GgufScalarType,
  type GgufValue,
} from './gguf-format'

export interface GgufTensor {
  name: string
  /** Row-major shape, outermost first (as numpy and torch give it); the file stores it reversed. */
  shape: readonly number[]
  data: Float32Array
  /** How the values are stored: F32 (the default) or F16 (rounded to nearest even). */
  type?: 'f32' | 'f16'
}

export interface GgufContents {
  /** Key/value pairs in file order; `general.alignment` (u32), when present, sets the alignment. */
  metadata: readonly (readonly [string, GgufValue])[]
  tensors: readonly GgufTensor[]
}

const utf8 = new TextEncoder()

/** Encodes a GGUF v3 file with F32 or F16 tensors. */
export function writeGguf({ metadata, tensors }: GgufContents): Uint8Array {
  const alignmentEntry = metadata.find(([key]) => key === 'general.alignment')
  const alignment = alignmentEntry ? Number(alignmentEntry[1].value) : GGUF_DEFAULT_ALIGNMENT
  const head = new ByteWriter()
  head.u32(GGUF_MAGIC)
  head.u32(GGUF_VERSION)
  head.u64(tensors.length)
  head.u64(metadata.length)
  for (const [key, value] of metadata) {
    head.string(key)
    head.value(value)
  }
  let offset = 0
  const offsets: number[] = []
  for (const t of tensors) {
    const elements = t.shape.reduce((a, b) => a * b, 1)
    if (elements !== t.data.length) {
      throw new RangeError(
        `tensor ${t.name}: shape [${t.shape.join(', ')}] holds ${elements} values, data has ${t.data.length}`,
      )
    }
    head.string(t.name)
    head.u32(t.shape.length)
    for (let i = t.shape.length - 1; i >= 0; i--) head.u64(t.shape[i])
    head.u32(t.type === 'f16' ? GGML_TYPE_F16 : GGML_TYPE_F32)
    head.u64(offset)
    offsets.push(offset)
    offset = align(offset + (t.type === 'f16' ? 2 : 4) * t.data.length, alignment)
  }
  const dataStart = align(head.length, alignment)
  const out = new Uint8Array(dataStart + offset)
  out.set(head.bytes(), 0)
  tensors.forEach((t, i) => {
    if (t.type === 'f16')
      writeF16(t.data, new DataView(out.buffer, out.byteOffset + dataStart + offsets[i], 2 * t.data.length))
    else out.set(littleEndianBytes(t.data), dataStart + offsets[i])
  })
  return out
}

function align(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

function littleEndianBytes(data: Float32Array): Uint8Array {
  if (hostIsLittleEndian) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  const out = new Uint8Array(data.byteLength)
  const view = new DataView(out.buffer)
  data.forEach((x, i) => view.setFloat32(i * 4, x, true))
  return out
}

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** IEEE half precision bits of x, rounded to nearest even (overflow gives infinity). */
export function toF16Bits(x: number): number {
  f32[0] = x
  const bits = u32[0]
  const sign = (bits >>> 16) & 0x8000
  const exp = (bits >>> 23) & 0xff
  const mant = bits & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign
    // Subnormal: shift the mantissa (with its implicit 1) into place, rounding to nearest even.
    const m = mant | 0x800000
    const shift = 14 - e
    const half = 1 << (shift - 1)
    const rest = m & ((1 << shift) - 1)
    let out = m >>> shift
    if (rest > half || (rest === half && out & 1)) out++
    return sign | out
  }
  let out = (e << 10) | (mant >>> 13)
  const rest = mant & 0x1fff
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  if (rest > 0x1000 || (rest === 0x1000 && out & 1)) out++
  return sign | out
}

function writeF16(data: Float32Array, view: DataView): void {
  for (let i = 0; i < data.length; i++) view.setUint16(2 * i, toF16Bits(data[i]), true)
}

/** A growable little-endian buffer for the header, metadata and tensor infos. */
class ByteWriter {
  private buf = new Uint8Array(1024)
  length = 0

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length)
  }

  private reserve(n: number): number {
    if (this.length + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
      next.set(this.buf.subarray(0, this.length))
      this.buf = next
    }
    const at = this.length
    this.length += n
    return at
  }

  /** A view of `n` fresh bytes (taken after any regrowth, which replaces the buffer). */
  private put(n: number): DataView {
    const at = this.reserve(n)
    return new DataView(this.buf.buffer, at, n)
  }

  u32(x: number): void {
    this.put(4).setUint32(0, x, true)
  }

  u64(x: number | bigint): void {
    this.put(8).setBigUint64(0, BigInt(x), true)
  }

  string(s: string): void {
    const b = utf8.encode(s)
    this.u64(b.length)
    const at = this.reserve(b.length)
    this.buf.set(b, at)
  }

  value(v: GgufValue): void {
    this.u32(GGUF_VALUE_TYPES[v.type])
    if (v.type === 'array') {
      this.u32(GGUF_VALUE_TYPES[v.itemType])
      this.u64(v.value.length)
      for (const item of v.value) this.scalar(v.itemType, item)
    } else {
      this.scalar(v.type, v.value)
    }
  }

  private scalar(type: GgufScalarType, x: GgufScalar): void {
    switch (type) {
      case 'string':
        return this.string(String(x))
      case 'bool':
        return this.put(1).setUint8(0, x ? 1 : 0)
      case 'u8':
        return this.put(1).setUint8(0, Number(x))
      case 'i8':
        return this.put(1).setInt8(0, Number(x))
      case 'u16':
        return this.put(2).setUint16(0, Number(x), true)
      case 'i16':
        return this.put(2).setInt16(0, Number(x), true)
      case 'u32':
        return this.put(4).setUint32(0, Number(x), true)
      case 'i32':
        return this.put(4).setInt32(0, Number(x), true)
      case 'f32':
        return this.put(4).setFloat32(0, Number(x), true)
      case 'u64':
        return this.put(8).setBigUint64(0, BigInt(x), true)
      case 'i64':
        return this.put(8).setBigInt64(0, BigInt(x), true)
      case 'f64':
        return this.put(8).setFloat64(0, Number(x), true)
    }
  }
}
