import { InputError } from '../errors'
import { checkHyperparameters } from './gguf-limits'
import { type GgufHeader, GgufFormatError, GgufTruncatedError, readGgufHeader } from './gguf-reader'

/**
 * Reads and checks a GGUF header before llama.cpp sees the file, so that the common mistakes
 * give one clear line. `read(n)` returns the file's first n bytes (fewer when the file is shorter).
 */
export function checkGgufHeader(file: string, size: number, read: (length: number) => Uint8Array): GgufHeader {
  let header: GgufHeader | null = null
  for (let length = Math.min(size, 1 << 20); header === null; length = Math.min(size, length * 4)) {
    try {
      header = readGgufHeader(read(length))
    } catch (err) {
      if (err instanceof GgufTruncatedError && length < size) continue
      if (err instanceof GgufTruncatedError) {
        throw new InputError(`${file} is truncated: its GGUF header runs past the end of the file (${size} bytes)`)
      }
      if (err instanceof GgufFormatError && err.reason === 'magic') {
        throw new InputError(`${file} is not a GGUF model file: it does not start with "GGUF"`)
      }
      if (err instanceof GgufFormatError && err.reason === 'version') throw new InputError(`${file}: ${err.message}`)
      if (err instanceof GgufFormatError) throw new InputError(`${file} is not a valid GGUF file: ${err.message}`)
      throw err
    }
  }
  const arch = header.metadata.get('general.architecture')
  if (typeof arch !== 'string') throw new InputError(`${file} is not a language model: its GGUF metadata has no general.architecture`)
  // Before the size check: a bad alignment misplaces every tensor, which would read as truncation.
  checkHyperparameters(file, header, arch)
  if (header.tensors.length === 0) throw new InputError(`${file} holds no weights (a vocabulary-only GGUF file?)`)
  if (header.dataEnd !== null && header.dataEnd > size) {
    throw new InputError(`${file} is truncated: it has ${size} bytes, its tensors need ${header.dataEnd}`)
  }
  return header
}

/** Bytes a model needs in memory: its weights (the file) plus an F16 KV cache for every sequence. */
export function estimateMemoryBytes(header: GgufHeader, fileSize: number, contextSize: number, sequences: number): number {
  const arch = String(header.metadata.get('general.architecture'))
  // Some architectures give per-layer head counts as arrays: the largest bounds the cache.
  const num = (key: string): number => {
    const v = header.metadata.get(`${arch}.${key}`) ?? 0
    const n = Array.isArray(v) ? v.reduce<number>((m, x) => Math.max(m, Number(x)), 0) : Number(v)
    return Number.isFinite(n) ? n : 0
  }
  const heads = num('attention.head_count')
  const kvHeads = num('attention.head_count_kv') || heads
  const kvWidth = heads > 0 ? (num('embedding_length') / heads) * kvHeads : 0
  return fileSize + 2 * num('block_count') * contextSize * sequences * kvWidth * 2
}

export function formatBytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`
}
