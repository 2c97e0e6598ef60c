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
  /** `detail`, when set, names the key or count that asks for more bytes than follow. */
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(detail ?? message)
  }
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
// A leading byte-order mark is part of the string (some tokens begin with one), not a marker to drop.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/** Bytes in the file a value of each type takes at least (a string: its u64 length). */
const MIN_BYTES: Record<string, number> = {
  u8: 1,
  i8: 1,
  bool: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  f32: 4,
  u64: 8,
  i64: 8,
  f64: 8,
  string: 8,
}

/**
 * Bounds on what a header may make this reader hold in memory. Real models stay far below them
 * (a 262k-token vocabulary with its scores, types and merges is about a million items and 20 MB);
 * a hostile or sparse file could otherwise ask for gigabytes with a few bytes.
 */
export const GGUF_HEADER_LIMITS = {
  /** Array items, metadata pairs and tensors in one header, together. */
  items: 2 ** 23,
  /** Bytes from the start of the file to the end of the tensor infos. */
  bytes: 256 * 2 ** 20,
  /** A metadata key or tensor name (llama.cpp's own limit on tensor names is 64). */
  nameBytes: 2 ** 16,
}

/** The header is read in pieces of this size, each once. */
const CHUNK_BYTES = 2 ** 20

/** `read(offset, length)` returns the file's bytes from `offset` (fewer at its end). */
export type ReadAt = (offset: number, length: number) => Uint8Array

/**
 * Parses a GGUF header (v2 or v3): from the bytes given, or, with `size` and `read`, from a file
 * of that size, read piece by piece. Every count is checked against the bytes that remain in the
 * file and against GGUF_HEADER_LIMITS before anything is allocated for it.
 */
export function readGgufHeader(source: Uint8Array | { size: number; read: ReadAt }): GgufHeader {
  const r =
    source instanceof Uint8Array
      ? new ByteReader(source.length, (at, n) => source.subarray(at, at + n))
      : new ByteReader(source.size, source.read)
  const magic = r.bytes(Math.min(4, r.size))
  for (let i = 0; i < magic.length; i++) {
    if (magic[i] !== ((GGUF_MAGIC >>> (8 * i)) & 0xff))
      throw new GgufFormatError('magic', 'it does not start with the GGUF magic bytes')
  }
  r.skip(4 - magic.length)
  const version = r.u32()
  if (version !== 2 && version !== 3)
    throw new GgufFormatError('version', `GGUF version ${version} is not supported (only 2 and 3)`)
  // A tensor info takes at least 24 bytes (name length, dimension count, type, offset); a metadata pair 13.
  const tensorCount = r.items(r.count(), 24, 'the tensor count')
  const kvCount = r.items(r.count(), 13, 'the metadata count')
  const metadata = new Map<string, GgufReadValue>()
  for (let i = 0; i < kvCount; i++) {
    const key = r.string(GGUF_HEADER_LIMITS.nameBytes, 'a metadata key')
    metadata.set(key, r.value(r.u32(), key))
  }
  const tensors: GgufTensorInfo[] = []
  for (let i = 0; i < tensorCount; i++) {
    const name = r.string(GGUF_HEADER_LIMITS.nameBytes, 'a tensor name')
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

/** Reads a file's header forwards, holding one piece of it at a time. */
class ByteReader {
  /** File offset of the next byte. */
  pos = 0
  private chunk: Uint8Array = new Uint8Array(0)
  private chunkAt = 0
  private view = new DataView(this.chunk.buffer)
  private itemsSeen = 0

  constructor(
    readonly size: number,
    private readonly readAt: ReadAt,
  ) {}

  /** Where `n` bytes at `pos` start in the current piece, reading the next piece when they are not in it. */
  private take(n: number): number {
    if (this.pos + n > this.size)
      throw new GgufTruncatedError(`the header needs more than the file's ${this.size} bytes`)
    if (this.pos + n > GGUF_HEADER_LIMITS.bytes) {
      throw new GgufFormatError(
        'invalid',
        `its header runs past byte ${GGUF_HEADER_LIMITS.bytes}, more than any model's header takes`,
      )
    }
    if (this.pos < this.chunkAt || this.pos + n > this.chunkAt + this.chunk.length) {
      this.chunk = this.readAt(this.pos, Math.min(Math.max(n, CHUNK_BYTES), this.size - this.pos))
      this.chunkAt = this.pos
      this.view = new DataView(this.chunk.buffer, this.chunk.byteOffset, this.chunk.byteLength)
      if (this.chunk.length < n)
        throw new GgufTruncatedError(`the file ended at byte ${this.pos + this.chunk.length} while it was read`)
    }
    const at = this.pos - this.chunkAt
    this.pos += n
    return at
  }

  /** Reads with `view` only after `take`, which may have moved it to the next piece. */
  private get<T>(n: number, read: (view: DataView, at: number) => T): T {
    const at = this.take(n)
    return read(this.view, at)
  }

  skip(n: number): void {
    this.take(n)
  }

  bytes(n: number): Uint8Array {
    const at = this.take(n)
    return this.chunk.subarray(at, at + n)
  }

  u32(): number {
    return this.get(4, (v, at) => v.getUint32(at, true))
  }

  /** A u64 count or size; one beyond 2^53 cannot be real. */
  count(): number {
    const n = this.get(8, (v, at) => v.getBigUint64(at, true))
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new GgufFormatError('invalid', `a count of ${n} is not plausible`)
    return Number(n)
  }

  /** `n` items of at least `minBytes` each, refused unless the rest of the file could hold them and the limits allow. */
  items(n: number, minBytes: number, what: string): number {
    const left = this.size - this.pos
    if (n * minBytes > left) {
      const message = `${what} declares ${n} items (at least ${n * minBytes} bytes) but only ${left} bytes follow`
      // A metadata key is named to the user; a short tensor or metadata count is what a plainly truncated file looks like.
      throw what.startsWith('metadata key') ? new GgufTruncatedError(message, message) : new GgufTruncatedError(message)
    }
    this.itemsSeen += n
    if (this.itemsSeen > GGUF_HEADER_LIMITS.items) {
      throw new GgufFormatError(
        'invalid',
        `${what} declares ${n} items, more than any model's header holds (at most ${GGUF_HEADER_LIMITS.items} in all)`,
      )
    }
    return n
  }

  string(maxBytes: number, what: string): string {
    const n = this.count()
    if (n > maxBytes)
      throw new GgufFormatError(
        'invalid',
        `${what} at byte ${this.pos - 8} declares ${n} bytes, more than the ${maxBytes} allowed`,
      )
    if (n > this.size - this.pos)
      throw new GgufTruncatedError(
        'the header runs past the end of the file',
        `${what} at byte ${this.pos - 8} declares ${n} bytes but only ${this.size - this.pos} follow`,
      )
    if (this.pos + n > GGUF_HEADER_LIMITS.bytes) {
      throw new GgufFormatError(
        'invalid',
        `${what} at byte ${this.pos - 8} declares ${n} bytes, more than any model's header holds (at most ${GGUF_HEADER_LIMITS.bytes} in all)`,
      )
    }
    if (n <= CHUNK_BYTES) return utf8.decode(this.bytes(n))
    // A long string (a chat template, an embedded tokenizer.json): what the current piece holds of it, then the rest.
    const out = new Uint8Array(n)
    const inPiece = Math.max(0, Math.min(n, this.chunkAt + this.chunk.length - this.pos))
    out.set(this.chunk.subarray(this.pos - this.chunkAt, this.pos - this.chunkAt + inPiece))
    const rest = this.readAt(this.pos + inPiece, n - inPiece)
    if (rest.length < n - inPiece)
      throw new GgufTruncatedError(`the file ended at byte ${this.pos + inPiece + rest.length} while it was read`)
    out.set(rest, inPiece)
    this.pos += n
    return utf8.decode(out)
  }

  value(type: number, key: string): GgufReadValue {
    if (type !== GGUF_VALUE_TYPES.array) return this.scalar(type, key)
    const itemType = this.u32()
    const name = TYPE_NAMES[itemType]
    if (name === 'array') throw new GgufFormatError('invalid', `metadata key "${key}": a nested array is not supported`)
    if (name === undefined)
      throw new GgufFormatError('invalid', `metadata key "${key}": unknown array item type ${itemType}`)
    const n = this.items(this.count(), MIN_BYTES[name], `metadata key "${key}" (an array of ${name})`)
    const out: GgufScalar[] = []
    for (let i = 0; i < n; i++) out.push(this.scalar(itemType, key))
    return out
  }

  private scalar(type: number, key: string): GgufScalar {
    switch (TYPE_NAMES[type]) {
      case 'u8':
        return this.get(1, (v, at) => v.getUint8(at))
      case 'i8':
        return this.get(1, (v, at) => v.getInt8(at))
      case 'u16':
        return this.get(2, (v, at) => v.getUint16(at, true))
      case 'i16':
        return this.get(2, (v, at) => v.getInt16(at, true))
      case 'u32':
        return this.get(4, (v, at) => v.getUint32(at, true))
      case 'i32':
        return this.get(4, (v, at) => v.getInt32(at, true))
      case 'f32':
        return this.get(4, (v, at) => v.getFloat32(at, true))
      case 'bool':
        return this.get(1, (v, at) => v.getUint8(at)) !== 0
      case 'string':
        return this.string(Infinity, `metadata key "${key}": a string`)
      case 'u64':
        return safeNumber(this.get(8, (v, at) => v.getBigUint64(at, true)))
      case 'i64':
        return safeNumber(this.get(8, (v, at) => v.getBigInt64(at, true)))
      case 'f64':
        return this.get(8, (v, at) => v.getFloat64(at, true))
      case 'array':
        throw new GgufFormatError('invalid', `metadata key "${key}": a nested array is not supported`)
      default:
        throw new GgufFormatError(
          'invalid',
          `metadata key "${key}": unknown value type ${type} at byte ${this.pos - 4}`,
        )
    }
  }
}

function safeNumber(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n
}
