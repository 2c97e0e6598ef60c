import type { TokenId } from '../types'

/** The n-grams of a token list, as keys, in order. */
export function ngrams(tokens: readonly TokenId[], n: number): string[] {
  const out: string[] = []
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '))
  return out
}

export function countOf(keys: readonly string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1)
  return m
}
