import { InputError } from '../errors'
import type { GgufHeader, GgufReadValue } from './gguf-reader'

/**
 * Bounds on a GGUF header's hyperparameters, past anything a real model has: llama.cpp aborts the
 * process (it does not throw) on several of the values outside them, so they are refused first.
 */
export const GGUF_LIMITS = {
  /** Heads, KV heads and blocks: the largest real models have a few hundred. */
  count: 2 ** 20,
  /** Embedding and feed-forward widths: the widest real ones are about 2^17. */
  width: 2 ** 24,
  /** Training context: the longest real ones are about 2^23. */
  context: 2 ** 24,
  /** Vocabulary entries: the largest real ones are about 2^18. */
  vocab: 2 ** 24,
  /** Norm epsilons: real ones are 1e-12 to 1e-4. */
  epsilon: 1,
} as const

const COUNTS = ['block_count', 'attention.head_count', 'attention.head_count_kv'] as const
/**
 * llama.cpp's recurrent architectures (llm_arch_is_recurrent): they have no attention, and their GGUF
 * files say 0 heads (and Mamba's 0 feed-forward width), as convert_hf_to_gguf.py writes them.
 */
const RECURRENT = new Set(['mamba', 'mamba2', 'rwkv6', 'rwkv6qwen2', 'rwkv7', 'arwkv7'])
const EPSILONS = ['attention.layer_norm_rms_epsilon', 'attention.layer_norm_epsilon'] as const

/** Refuses a header whose hyperparameters would make llama.cpp abort at load or mid-decode. */
export function checkHyperparameters(file: string, header: GgufHeader, arch: string): void {
  const refuse = (key: string, what: string): never => {
    throw new InputError(`${file}: ${key} ${what}; the file is damaged or not a model llama.cpp can run`)
  }
  const alignment = header.metadata.get('general.alignment')
  if (alignment !== undefined) {
    const a = Number(alignment)
    if (!Number.isInteger(a) || a <= 0 || (a & (a - 1)) !== 0)
      refuse('general.alignment', `is ${describe(alignment)}, not a power of two`)
  }
  const recurrent = RECURRENT.has(arch)
  const whole = (name: string, limit: number, zeroInArray: boolean, zero = false): number[] | null => {
    const key = `${arch}.${name}`
    const value = header.metadata.get(key)
    if (value === undefined) return null
    // Some architectures give a value per layer; a recurrent layer of a hybrid model has 0 heads.
    const items = Array.isArray(value) ? value : [value]
    if (items.length === 0) refuse(key, 'is an empty list')
    const out: number[] = []
    for (const item of items) {
      const n = Number(item)
      if (typeof item === 'string' || typeof item === 'boolean' || !Number.isInteger(n) || n < 0)
        refuse(key, `is ${describe(item)}, not a whole number`)
      if (n === 0 && !zero && !(zeroInArray && Array.isArray(value))) refuse(key, 'is 0')
      if (n > limit) refuse(key, `is ${n}, more than any real model has (at most ${limit})`)
      out.push(n)
    }
    if (Array.isArray(value) && !zero && out.every((n) => n === 0)) refuse(key, 'is 0 for every layer')
    return out
  }
  whole('embedding_length', GGUF_LIMITS.width, false)
  // Per layer, 0 is a layer without a feed-forward part (Nemotron-H's recurrent layers), in any architecture:
  // llama.cpp's tensor shapes then tell a wrong file; not every layer may be 0.
  whole('feed_forward_length', GGUF_LIMITS.width, true, recurrent)
  whole('context_length', GGUF_LIMITS.context, false)
  whole('block_count', GGUF_LIMITS.count, false)
  const heads = whole(COUNTS[1], GGUF_LIMITS.count, true, recurrent)
  const kvHeads = whole(COUNTS[2], GGUF_LIMITS.count, true, recurrent)
  if (heads && kvHeads) {
    for (let layer = 0; layer < Math.max(heads.length, kvHeads.length); layer++) {
      const h = heads[Math.min(layer, heads.length - 1)]
      const kv = kvHeads[Math.min(layer, kvHeads.length - 1)]
      if (kv > 0 && h % kv !== 0) {
        refuse(`${arch}.${COUNTS[1]}`, `(${h}) is not a multiple of ${arch}.${COUNTS[2]} (${kv})`)
      }
    }
  }
  for (const name of EPSILONS) {
    const key = `${arch}.${name}`
    const value = header.metadata.get(key)
    if (value === undefined) continue
    const e = typeof value === 'number' ? value : NaN
    if (!(e > 0 && e < GGUF_LIMITS.epsilon))
      refuse(key, `is ${describe(value)}, not a number between 0 and ${GGUF_LIMITS.epsilon}`)
  }
  const tokens = header.metadata.get('tokenizer.ggml.tokens')
  if (Array.isArray(tokens)) {
    if (tokens.length === 0) refuse('tokenizer.ggml.tokens', 'is empty (a vocabulary of 0 tokens)')
    if (tokens.length > GGUF_LIMITS.vocab)
      refuse(
        'tokenizer.ggml.tokens',
        `has ${tokens.length} entries, more than any real model has (at most ${GGUF_LIMITS.vocab})`,
      )
  }
}

function describe(value: GgufReadValue): string {
  if (Array.isArray(value)) return `a list of ${value.length}`
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  return String(value)
}
