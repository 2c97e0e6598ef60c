import { extent } from '../extent'
import type { TokenId } from '../types'
import { countOf, ngrams } from './ngrams'

/** Self-BLEU looks at this many sequences at most: it costs the square of their number. */
export const SELF_BLEU_LIMIT = 500

/**
 * Sentence BLEU-4 as NLTK computes it with SmoothingFunction().method1 (what Texygen's Self-BLEU
 * uses): uniform weights, counts clipped by the most in any reference, a precision with no match
 * counted as 0.1 / its n-gram count (at least 1), 0 when no unigram matches, and the brevity
 * penalty against the reference closest in length (the shorter on a tie).
 */
export function bleu4(hypothesis: readonly TokenId[], references: readonly (readonly TokenId[])[]): number {
  if (hypothesis.length === 0 || references.length === 0) return 0
  let logSum = 0
  for (let n = 1; n <= 4; n++) {
    const hyp = countOf(ngrams(hypothesis, n))
    const maxRef = new Map<string, number>()
    for (const ref of references)
      for (const [g, c] of countOf(ngrams(ref, n))) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c))
    let matched = 0
    let total = 0
    for (const [g, c] of hyp) {
      matched += Math.min(c, maxRef.get(g) ?? 0)
      total += c
    }
    if (n === 1 && matched === 0) return 0
    logSum += 0.25 * Math.log((matched === 0 ? 0.1 : matched) / Math.max(1, total))
  }
  const c = hypothesis.length
  const r = references
    .map((ref) => ref.length)
    .reduce((best, len) =>
      Math.abs(len - c) < Math.abs(best - c) || (Math.abs(len - c) === Math.abs(best - c) && len < best) ? len : best,
    )
  const brevity = c > r ? 1 : Math.exp(1 - r / c)
  return brevity * Math.exp(logSum)
}

/** Self-BLEU-4 (Zhu et al. 2018): mean BLEU-4 of each sequence against all the others; null under 2. */
export function selfBleu4(texts: readonly (readonly TokenId[])[]): number | null {
  const used = texts.slice(0, SELF_BLEU_LIMIT)
  if (used.length < 2) return null
  let sum = 0
  for (let i = 0; i < used.length; i++) sum += bleu4(used[i], [...used.slice(0, i), ...used.slice(i + 1)])
  return sum / used.length
}

/**
 * Zipf coefficient s (as in Holtzman et al. 2019): minus the least-squares slope of log frequency
 * against log rank over every token of the texts; null with fewer than 2 distinct tokens.
 */
export function zipfCoefficient(texts: readonly (readonly TokenId[])[]): number | null {
  const counts = new Map<TokenId, number>()
  for (const t of texts) for (const id of t) counts.set(id, (counts.get(id) ?? 0) + 1)
  const freq = [...counts.values()].sort((a, b) => b - a)
  if (freq.length < 2) return null
  const x = freq.map((_, i) => Math.log(i + 1))
  const y = freq.map((f) => Math.log(f))
  const mx = x.reduce((a, b) => a + b, 0) / x.length
  const my = y.reduce((a, b) => a + b, 0) / y.length
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my)
    sxx += (x[i] - mx) ** 2
  }
  return -sxy / sxx
}

export interface Histogram {
  /** Lower edge of each bin; the last bin includes its upper edge `max`. */
  edges: number[]
  counts: number[]
  max: number
}

/** Equal-width histogram of values (sequence log-likelihoods across the samples of one strategy, say). */
export function histogram(values: readonly number[], bins: number): Histogram {
  const finite = values.filter(Number.isFinite)
  if (finite.length === 0 || bins < 1) return { edges: [], counts: [], max: NaN }
  const { min, max } = extent(finite)
  const width = (max - min) / bins
  const counts = new Array<number>(bins).fill(0)
  for (const v of finite) counts[width === 0 ? 0 : Math.min(bins - 1, Math.floor((v - min) / width))]++
  return { edges: counts.map((_, i) => min + i * width), counts, max }
}

/**
 * log P(exact-search optimum) − log P(the run's best sequence): how far from the most probable
 * sequence the run stopped. null when the optimum is unknown (its search ran out of budget).
 */
export function searchGap(optimumLogProb: number | null, sequenceLogProbs: readonly number[]): number | null {
  if (optimumLogProb === null || sequenceLogProbs.length === 0) return null
  return optimumLogProb - extent(sequenceLogProbs).max
}
