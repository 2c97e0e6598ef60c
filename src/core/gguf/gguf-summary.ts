import type { GgufHeader } from './gguf-reader'
import { ggufQuantisation } from './quantisation'

/** What a model list shows of a GGUF file, from its header alone. */
export interface GgufSummary {
  architecture: string | null
  /** Weights in all tensors, counted from their shapes. */
  parameters: number
  quantisation: string
  /** The context it was trained on (`<arch>.context_length`); null when the header does not say. */
  contextLength: number | null
  /** Entries of `tokenizer.ggml.tokens`; null when it has none. */
  vocabSize: number | null
  /** It carries `tokenizer.chat_template`. */
  chatTemplate: boolean
}

export function ggufSummary(header: GgufHeader): GgufSummary {
  const arch = header.metadata.get('general.architecture')
  const architecture = typeof arch === 'string' ? arch : null
  const context = architecture === null ? undefined : header.metadata.get(`${architecture}.context_length`)
  const tokens = header.metadata.get('tokenizer.ggml.tokens')
  const template = header.metadata.get('tokenizer.chat_template')
  return {
    architecture,
    parameters: header.tensors.reduce((sum, t) => sum + t.shape.reduce((a, b) => a * b, 1), 0),
    quantisation: ggufQuantisation(header),
    contextLength: typeof context === 'number' ? context : null,
    vocabSize: Array.isArray(tokens) ? tokens.length : null,
    chatTemplate: typeof template === 'string' && template.trim() !== '',
  }
}

/** 494,032,768 → "494M", 7,615,616,512 → "7.6B", 12,345 → "12.3K". */
export function formatParameters(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ]
  for (const [size, unit] of units) {
    if (n >= size) {
      const v = n / size
      return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(v >= 10 ? 3 : 2))}${unit}`
    }
  }
  return String(n)
}
