import type { Processor } from '../processors'
import type { TokenId } from '../types'
import { historyOf } from './history'
import { reweighted } from './reweight'

/** llama.cpp's default sequence breakers (common.h: dry_sequence_breakers). */
export const DRY_SEQUENCE_BREAKERS: readonly string[] = ['\n', ':', '"', '*']

/** llama.cpp's defaults; dryMultiplier 0 = off, dryPenaltyLastN −1 = the whole context. */
export const DRY_NEUTRAL = { dryMultiplier: 0, dryBase: 1.75, dryAllowedLength: 2, dryPenaltyLastN: -1 } as const

export interface DryOptions {
  multiplier: number
  base: number
  allowedLength: number
  /** −1 = the whole context, 0 = off. */
  penaltyLastN: number
  /** Breakers as token sequences: head token first (see dryBreakerSequences). */
  breakers: readonly (readonly TokenId[])[]
}

/** Caps of llama_sampler_init_dry: a breaker is cut to 40 characters, its tail to 20 tokens. */
const MAX_CHAR_LEN = 40
const MAX_SEQ_LEN = 20

export interface BreakerVocabulary {
  readonly vocabSize: number
  tokenText(id: TokenId): string
  tokenize(text: string): readonly TokenId[]
}

/**
 * llama.cpp's get_overlapping_token_sequences: for every token whose text contains a breaker, the
 * sequence [token]; for every token whose text ends with a prefix of a breaker, [token, …the
 * tokenization of the breaker's rest, at most 20 tokens]. Duplicates are dropped. O(vocabulary).
 */
export function dryBreakerSequences(breakers: readonly string[], vocab: BreakerVocabulary): TokenId[][] {
  const out: TokenId[][] = []
  const seen = new Set<string>()
  const add = (seq: TokenId[]): void => {
    const key = seq.join(',')
    if (!seen.has(key)) {
      seen.add(key)
      out.push(seq)
    }
  }
  const texts: string[] = []
  for (let id = 0; id < vocab.vocabSize; id++) texts.push(vocab.tokenText(id))
  for (const raw of breakers) {
    if (raw.length === 0) continue
    const str = truncateUtf8(raw, MAX_CHAR_LEN)
    for (let id = 0; id < texts.length; id++) {
      const word = texts[id]
      if (word.includes(str)) {
        add([id])
        continue
      }
      // Every place the word's end overlaps the breaker's start.
      for (let pos = word.indexOf(str[0]); pos !== -1; pos = word.indexOf(str[0], pos + 1)) {
        const overlap = word.length - pos
        if (overlap >= str.length || word.slice(pos) !== str.slice(0, overlap)) continue
        add([id, ...vocab.tokenize(str.slice(overlap)).slice(0, MAX_SEQ_LEN)])
      }
    }
  }
  return out
}

/** llama.cpp truncates a breaker to 40 bytes; cut at a character boundary at or below that. */
function truncateUtf8(s: string, maxBytes: number): string {
  const encoder = new TextEncoder()
  if (encoder.encode(s).length <= maxBytes) return s
  let out = ''
  for (const ch of s) {
    if (encoder.encode(out + ch).length > maxBytes) break
    out += ch
  }
  return out
}

/**
 * DRY ("don't repeat yourself", koboldcpp/llama.cpp): the logit penalty of each token that would
 * extend a repetition of at least allowedLength tokens, multiplier × base^(length − allowedLength),
 * with the repetition's length limited by the last sequence breaker. A port of
 * llama_sampler_dry_apply, steps 1–4, over the last penaltyLastN tokens of `context`.
 */
export function dryPenalties(context: readonly TokenId[], o: DryOptions): Map<TokenId, number> {
  const penalties = new Map<TokenId, number>()
  if (o.multiplier === 0 || o.base < 1 || o.penaltyLastN === 0) return penalties
  const n = o.penaltyLastN < 0 ? context.length : Math.min(context.length, o.penaltyLastN)
  if (n <= o.allowedLength) return penalties
  const end = context.length
  // rat(i): the i-th token from the end of the window, rat(0) the last.
  const rat = (i: number): TokenId => context[end - 1 - i]
  const breakers = new Map<TokenId, TokenId[][]>()
  for (const seq of o.breakers) {
    if (seq.length === 0) continue
    let tails = breakers.get(seq[0])
    if (!tails) breakers.set(seq[0], (tails = []))
    tails.push(seq.slice(1))
  }

  // Step 1: the last breaker limits how far back a repetition may reach.
  let repLimit = n
  for (let i = 0; i < n; i++) {
    const tails = breakers.get(rat(i))
    if (!tails) continue
    let longest = -1
    for (const tail of tails) {
      if (tail.length > longest && tail.length <= i) {
        let match = true
        for (let off = 0; off < tail.length && match; off++) match = tail[off] === rat(i - off - 1)
        if (match) longest = tail.length
      }
    }
    if (longest >= 0) {
      repLimit = i - longest
      break
    }
  }
  if (repLimit < o.allowedLength) return penalties

  // Step 2: reverse Z-algorithm: repeat[last − k] = length of the suffix that also ends k tokens back.
  const repeat = new Int32Array(n)
  const last = n - 1
  let rt = 0
  let lt = 0
  for (let k = 1; k < n; k++) {
    if (k > rt) {
      let len = 0
      while (len + k < n && rat(len) === rat(len + k)) len++
      repeat[last - k] = Math.min(len, repLimit)
      if (len > 0) {
        lt = k
        rt = k + len - 1
      }
    } else {
      const p = k - lt
      const rightPartLen = rt - k + 1
      if (repeat[last - p] < rightPartLen) {
        repeat[last - k] = Math.min(repeat[last - p], repLimit)
      } else {
        let i = rt + 1
        while (i < n && rat(i) === rat(i - k)) i++
        repeat[last - k] = Math.min(i - k, repLimit)
        lt = k
        rt = i - 1
      }
    }
  }

  // Step 3: the token after each repeat would extend it; keep the longest per token.
  const longestBy = new Map<TokenId, number>()
  for (let i = 0; i < n - 1; i++) {
    const len = repeat[i]
    if (len < o.allowedLength) continue
    const token = rat(n - 2 - i)
    if ((longestBy.get(token) ?? -1) < len) longestBy.set(token, len)
  }

  // Step 4: the penalty, with the exponent capped so that base^exponent stays a finite float.
  const FLOAT_MAX_LOG = 88.7228391
  const maxExponent = o.base > 1.000001 ? Math.trunc(FLOAT_MAX_LOG / Math.log(o.base)) : 0
  for (const [token, len] of longestBy) {
    // A single-token breaker is never penalised.
    if (breakers.get(token)?.some((tail) => tail.length === 0)) continue
    let exponent = len - o.allowedLength
    if (maxExponent > 0 && exponent > maxExponent) exponent = maxExponent
    penalties.set(token, o.multiplier * Math.pow(o.base, exponent))
  }
  return penalties
}

/** DRY as a processor: logit − penalty, so p × e^(−penalty), renormalised. */
export function dry(o: DryOptions): Processor {
  return {
    name: 'dry',
    apply(c, context) {
      const penalties = dryPenalties(historyOf(context).tokens, o)
      return reweighted(c, (i) => {
        const p = penalties.get(c.ids[i])
        return p === undefined ? 1 : Math.exp(-p)
      })
    },
  }
}
