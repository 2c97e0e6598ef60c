import { InputError } from '../errors'
import { checkHyperparameters } from './gguf-limits'
import { checkTokenizer } from './tokenizer-check'
import { type GgufHeader, GgufFormatError, GgufTruncatedError, type ReadAt, readGgufHeader } from './gguf-reader'

/**
 * Reads and checks a GGUF header before llama.cpp sees the file, so that the common mistakes
 * give one clear line. `read(offset, length)` returns the file's bytes from offset (fewer at its end);
 * the header is read forwards in pieces, each once.
 */
export function checkGgufHeader(file: string, { size, read }: { size: number; read: ReadAt }): GgufHeader {
  let header: GgufHeader
  try {
    header = readGgufHeader({ size, read })
  } catch (err) {
    if (err instanceof GgufTruncatedError && err.detail)
      throw new InputError(`${file} is truncated or damaged: ${err.detail}`)
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
  const arch = header.metadata.get('general.architecture')
  if (typeof arch !== 'string')
    throw new InputError(`${file} is not a language model: its GGUF metadata has no general.architecture`)
  // Before the size check: a bad alignment misplaces every tensor, which would read as truncation.
  checkHyperparameters(file, header, arch)
  checkTokenizer(file, header)
  if (header.tensors.length === 0) throw new InputError(`${file} holds no weights (a vocabulary-only GGUF file?)`)
  if (header.dataEnd !== null && header.dataEnd > size) {
    throw new InputError(`${file} is truncated: it has ${size} bytes, its tensors need ${header.dataEnd}`)
  }
  return header
}

/** Bytes a model needs in memory: its weights (the file) plus an F16 KV cache for every sequence. */
export function estimateMemoryBytes(
  header: GgufHeader,
  fileSize: number,
  contextSize: number,
  sequences: number,
): number {
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
