import { GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GGUF_VALUE_TYPES, type GgufScalar } from './gguf-format'
import { tensorByteSize } from './ggml-types'

export type GgufReadValue = GgufScalar | GgufScalar[]

export interface GgufTensorInfo {
  name: string
  /** Row-major shape, outermost first (the file's order reversed). */
  shape: number[]
  type: number
  /** Offset of the tensor's data from the start of the data section. */
  offset: number
}

export interface GgufHeader {
  version: number
  metadata: Map<string, GgufReadValue>
  tensors: GgufTensorInfo[]
  alignment: number
  /** File offset where tensor data starts. */
  dataOffset: number
  /** File offset where the last tensor's data ends; null when a tensor type's size is unknown. */
  dataEnd: number | null
}

/** The bytes end before the header does: read more of the file, or the file is truncated. */
export class GgufTruncatedError extends Error {
  override name = 'GgufTruncatedError'
}

/** Not a GGUF file, or one this reader cannot make sense of. */
export class GgufFormatError extends Error {
  override name = 'GgufFormatError'
  constructor(
    readonly reason: 'magic' | 'version' | 'invalid',
    message: string,
  ) {
    super(message)
  }
}

const TYPE_NAMES = Object.fromEntries(Object.entries(GGUF_VALUE_TYPES).map(([name, code]) => [code, name]))
// Lenient: a token string that is not valid UTF-8 (some converted vocabularies have them) should not fail the check.
const utf8 = new TextDecoder('utf-8')

/** Parses a GGUF header (v2 or v3) from the first bytes of a file. */
export function readGgufHeader(bytes: Uint8Array): GgufHeader {
  const r = new ByteReader(bytes)
  for (let i = 0; i < Math.min(4, bytes.length); i++) {
    if (bytes[i] !== ((GGUF_MAGIC >>> (8 * i)) & 0xff)) throw new GgufFormatError('magic', 'it does not start with the GGUF magic bytes')
  }
  r.skip(4)
  const version = r.u32()
  if (version !== 2 && version !== 3) throw new GgufFormatError('version', `GGUF version ${version} is not supported (only 2 and 3)`)
  const tensorCount = r.count()
  const kvCount = r.count()
  const metadata = new Map<string, GgufReadValue>()
  for (let i = 0; i < kvCount; i++) {
    const key = r.string()
    metadata.set(key, r.value(r.u32()))
  }
  const tensors: GgufTensorInfo[] = []
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string()
    const nDims = r.u32()
    if (nDims > 8) throw new GgufFormatError('invalid', `tensor ${name} has ${nDims} dimensions`)
    const dims: number[] = []
    for (let d = 0; d < nDims; d++) dims.push(r.count())
    tensors.push({ name, shape: dims.reverse(), type: r.u32(), offset: r.count() })
  }
  const alignment = Number(metadata.get('general.alignment') ?? GGUF_DEFAULT_ALIGNMENT)
  const dataOffset = Math.ceil(r.pos / alignment) * alignment
  let dataEnd: number | null = dataOffset
  for (const t of tensors) {
    const size = tensorByteSize(t.type, t.shape)
    if (size === null) {
      dataEnd = null
      break
    }
    dataEnd = Math.max(dataEnd, dataOffset + t.offset + size)
  }
  return { version, metadata, tensors, alignment, dataOffset, dataEnd }
}

class ByteReader {
  pos = 0
  private readonly view: DataView

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  private take(n: number): number {
    if (this.pos + n > this.bytes.length) throw new GgufTruncatedError(`the header needs more than ${this.bytes.length} bytes`)
    const at = this.pos
    this.pos += n
    return at
  }

  skip(n: number): void {
    this.take(n)
  }

  u32(): number {
    return this.view.getUint32(this.take(4), true)
  }

  /** A u64 count or size; one beyond 2^53 cannot be real. */
  count(): number {
    const n = this.view.getBigUint64(this.take(8), true)
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufFormatError('invalid', `a count of ${n} is not plausible`)
    return Number(n)
  }

  string(): string {
    const n = this.count()
    const at = this.take(n)
    return utf8.decode(this.bytes.subarray(at, at + n))
  }

  value(type: number): GgufReadValue {
    if (type !== GGUF_VALUE_TYPES.array) return this.scalar(type)
    const itemType = this.u32()
    const n = this.count()
    const out: GgufScalar[] = []
    for (let i = 0; i < n; i++) out.push(this.scalar(itemType))
    return out
  }

  private scalar(type: number): GgufScalar {
    switch (TYPE_NAMES[type]) {
      case 'u8':
        return this.view.getUint8(this.take(1))
      case 'i8':
        return this.view.getInt8(this.take(1))
      case 'u16':
        return this.view.getUint16(this.take(2), true)
      case 'i16':
        return this.view.getInt16(this.take(2), true)
      case 'u32':
        return this.view.getUint32(this.take(4), true)
      case 'i32':
        return this.view.getInt32(this.take(4), true)
      case 'f32':
        return this.view.getFloat32(this.take(4), true)
      case 'bool':
        return this.view.getUint8(this.take(1)) !== 0
      case 'string':
        return this.string()
      case 'u64':
        return safeNumber(this.view.getBigUint64(this.take(8), true))
      case 'i64':
        return safeNumber(this.view.getBigInt64(this.take(8), true))
      case 'f64':
        return this.view.getFloat64(this.take(8), true)
      case 'array':
        throw new GgufFormatError('invalid', `a nested array at byte ${this.pos - 4} is not supported`)
      default:
        throw new GgufFormatError('invalid', `unknown metadata value type ${type} at byte ${this.pos - 4}`)
    }
  }
}

function safeNumber(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}
