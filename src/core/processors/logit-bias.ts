import { InputError } from '../errors'
import type { Processor } from '../processors'
import type { TokenId } from '../types'
import { historyOf } from './history'
import { reweighted } from './reweight'

/** A bias for a token id, or for every token of a text's tokenization (llama-server's string keys). */
export interface LogitBiasEntry {
  token: TokenId | string
  /** Added to the logit; −Infinity bans (llama-server's `false`). */
  bias: number
}

const FORMAT =
  'logitBias must be token=bias pairs separated by commas, such as 15043=-2, "Hello"=1.5, 13=false (false bans)'

/**
 * Parses `token=bias` pairs: a token is an id (digits) or a text, quoted as JSON when it holds a
 * comma, an equals sign or spaces at its ends; a bias is a number, or `false`/`-inf` to ban.
 */
export function parseLogitBias(text: string): LogitBiasEntry[] {
  const entries: LogitBiasEntry[] = []
  let i = 0
  const s = text
  const skipSpace = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++
  }
  skipSpace()
  if (i === s.length) return entries
  for (;;) {
    skipSpace()
    let key: string
    let quoted = false
    if (s[i] === '"') {
      let j = i + 1
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1
      if (j >= s.length) throw new InputError(`${FORMAT}; a quoted token is not closed`)
      try {
        key = JSON.parse(s.slice(i, j + 1)) as string
      } catch {
        throw new InputError(`${FORMAT}; ${s.slice(i, j + 1)} is not a valid quoted text`)
      }
      quoted = true
      i = j + 1
    } else {
      const j = s.indexOf('=', i)
      if (j < 0) throw new InputError(`${FORMAT}; "${s.slice(i).trim()}" has no =`)
      key = s.slice(i, j).trim()
      i = j
    }
    skipSpace()
    if (s[i] !== '=') throw new InputError(`${FORMAT}; expected = after ${JSON.stringify(key)}`)
    i++
    let end = s.indexOf(',', i)
    if (end < 0) end = s.length
    const value = s.slice(i, end).trim()
    if (key === '') throw new InputError(`${FORMAT}; a token is empty`)
    const bias = value === 'false' || value === '-inf' || value === '-Infinity' ? -Infinity : Number(value)
    if (value === '' || Number.isNaN(bias) || bias === Infinity)
      throw new InputError(`${FORMAT}; the bias of ${JSON.stringify(key)} is "${value}"`)
    entries.push({ token: !quoted && /^\d+$/.test(key) ? Number(key) : key, bias })
    i = end + 1
    if (end >= s.length) break
  }
  return entries
}

/**
 * Biases per token id: a text's bias goes to every token of its tokenization (as llama-server does),
 * and biases for the same token add up. Ids outside the vocabulary are refused.
 */
export function resolveLogitBias(
  entries: readonly LogitBiasEntry[],
  tokenize: (text: string) => readonly TokenId[],
  vocabSize: number,
): Map<TokenId, number> {
  const out = new Map<TokenId, number>()
  for (const e of entries) {
    const ids = typeof e.token === 'number' ? [e.token] : tokenize(e.token)
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
        throw new InputError(`logitBias names token ${id}, but the vocabulary has ids 0 to ${vocabSize - 1}`)
      }
      out.set(id, (out.get(id) ?? 0) + e.bias)
    }
  }
  return out
}

/** logit bias (llama.cpp's logit_bias sampler): logit + bias, so p × e^bias; a bias of −∞ bans the token. */
export function logitBias(biases: ReadonlyMap<TokenId, number>): Processor {
  for (const [id, b] of biases) {
    if (Number.isNaN(b) || b === Infinity)
      throw new InputError(`logitBias for token ${id} must be a number or -inf, got ${b}`)
  }
  return {
    name: 'logitBias',
    apply(c) {
      if (biases.size === 0) return reweighted(c, () => 1)
      return reweighted(c, (i) => {
        const b = biases.get(c.ids[i])
        return b === undefined ? 1 : Math.exp(b)
      })
    },
  }
}

/**
 * Banned strings, each as its tokenization: the last token of a sequence is banned wherever the
 * context ends with the rest of it, so the string is never completed (Hugging Face's bad_words_ids);
 * a one-token string is banned everywhere.
 */
export function bannedSequences(sequences: readonly (readonly TokenId[])[]): Processor {
  for (const seq of sequences)
    if (seq.length === 0) throw new InputError('a banned string tokenizes to no token; remove it')
  return {
    name: 'bannedStrings',
    apply(c, context) {
      const tokens = historyOf(context).tokens
      const banned = new Set<TokenId>()
      for (const seq of sequences) {
        const head = seq.length - 1
        if (head > tokens.length) continue
        let match = true
        for (let k = 0; k < head && match; k++) match = tokens[tokens.length - head + k] === seq[k]
        if (match) banned.add(seq[head])
      }
      return reweighted(c, (i) => (banned.has(c.ids[i]) ? 0 : 1))
    },
  }
}
