import type { TokenId } from '../types'

/** Token-by-token comparison; the lower token id wins, and a prefix comes first. */
export function compareTokens(a: readonly TokenId[], b: readonly TokenId[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

/** Higher score first; equal scores fall back to the tokens. */
export function compareHypotheses(
  a: { score: number; tokens: readonly TokenId[] },
  b: { score: number; tokens: readonly TokenId[] },
): number {
  if (a.score !== b.score) return b.score - a.score
  return compareTokens(a.tokens, b.tokens)
}

/** Final beam ranking: logProb / length^lengthPenalty; the length counts forced tokens too, as the log-probability does. */
export function lengthNormalised(logProb: number, length: number, lengthPenalty: number): number {
  return length === 0 ? logProb : logProb / Math.pow(length, lengthPenalty)
}
