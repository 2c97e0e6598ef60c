import fs from 'node:fs'
import path from 'node:path'
import type { CharVocab } from '../../core/gguf/char-vocab'
import type { GgufTensor } from '../../core/gguf/gguf-writer'
import { type LlamaConfig, writeLlamaGguf } from '../../core/gguf/llama-gguf'
import { inspectGgufFile } from './gguf-model'

/**
 * A draft model for speculative decoding made from a character-level llama GGUF (F32, as the writer
 * makes them) by keeping its first `keep` blocks: same embeddings, output layer and vocabulary, so it
 * drafts for the full model (layer skipping, as self-speculative decoding does it).
 */
export function writeLayerSkipDraft(source: string, out: string, keep: number): string {
  const { header } = inspectGgufFile(source)
  const m = header.metadata
  const num = (key: string): number => Number(m.get(`llama.${key}`))
  if (m.get('general.architecture') !== 'llama')
    throw new RangeError(`${source} is not a llama model: only llama GGUF files can be cut to their first blocks`)
  if (!Number.isInteger(keep) || keep < 1 || keep >= num('block_count')) {
    throw new RangeError(
      `cannot keep ${keep} blocks of ${source}: give a whole number from 1 to ${num('block_count') - 1} (it has ${num('block_count')})`,
    )
  }
  const config: LlamaConfig = {
    contextLength: num('context_length'),
    embeddingLength: num('embedding_length'),
    blockCount: keep,
    feedForwardLength: num('feed_forward_length'),
    headCount: num('attention.head_count'),
    headCountKv: num('attention.head_count_kv'),
    rmsEpsilon: num('attention.layer_norm_rms_epsilon'),
    ropeFreqBase: num('rope.freq_base'),
  }
  const vocab: CharVocab = {
    tokens: (m.get('tokenizer.ggml.tokens') as string[]).map(String),
    types: (m.get('tokenizer.ggml.token_type') as number[]).map(Number),
    scores: (m.get('tokenizer.ggml.scores') as number[]).map(Number),
  }
  const bytes = fs.readFileSync(source)
  const tensors: GgufTensor[] = header.tensors
    .filter((t) => !/^blk\.(\d+)\./.test(t.name) || Number(/^blk\.(\d+)\./.exec(t.name)?.[1]) < keep)
    .map((t) => {
      if (t.type !== 0) throw new RangeError(`${t.name} is not F32: only F32 files can be cut this way`)
      const count = t.shape.reduce((a, b) => a * b, 1)
      const start = header.dataOffset + t.offset
      // A copy: the file's offsets need not be 4-byte aligned in the Buffer's memory.
      const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + 4 * count))
      return { name: t.name, shape: t.shape, data }
    })
  fs.writeFileSync(
    out,
    writeLlamaGguf({
      name: `${String(m.get('general.name'))}-first-${keep}-blocks`,
      config,
      vocab,
      addBos: m.get('tokenizer.ggml.add_bos_token') === true,
      tensors,
    }),
  )
  return out
}

/**
 * The first `keep` blocks of `source` as a GGUF file in `cacheDir`, written on first use and again
 * whenever the source changes (its size and time stamp are kept in a file beside it). Written under a
 * temporary name then renamed, so a process reading it never sees half a file.
 */
export function cachedLayerSkipDraft(source: string, keep: number, cacheDir: string): string {
  const st = fs.statSync(source)
  const stamp = `${st.size}:${st.mtimeMs}`
  const out = path.join(cacheDir, `${path.basename(source, '.gguf')}-first-${keep}-blocks.gguf`)
  const stampFile = `${out}.source`
  const kept = fs.existsSync(out) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : null
  if (kept === stamp) return out
  fs.mkdirSync(cacheDir, { recursive: true })
  const tmp = `${out}.${process.pid}.tmp`
  writeLayerSkipDraft(source, tmp, keep)
  fs.renameSync(tmp, out)
  fs.writeFileSync(stampFile, stamp)
  return out
}
