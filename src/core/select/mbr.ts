import type { Candidate, UtilityName } from './utility'
import { UTILITY } from './utility'

export interface MbrRanking {
  /** Candidate indices, best first: higher expected utility, ties to the earlier sample. */
  order: number[]
  /** Per candidate (in sample order): its mean utility against every other sample; null with one sample. */
  expectedUtility: (number | null)[]
}

/**
 * Minimum Bayes risk selection (Eikema & Aziz 2020) with the samples as their own pseudo-references:
 * candidate i scores (1 / (n − 1)) Σ_{j ≠ i} u(c_i, c_j), with c_i as the hypothesis. Every sample is
 * both a candidate and a pseudo-reference, repeats included, so that a text drawn twice counts twice
 * (the Monte Carlo estimate of the expectation under the model).
 */
export function mbrRank(candidates: readonly Candidate[], utility: UtilityName): MbrRanking {
  const u = UTILITY[utility]
  const n = candidates.length
  const expectedUtility = candidates.map((c, i) => {
    if (n < 2) return null
    let sum = 0
    for (let j = 0; j < n; j++) if (j !== i) sum += u(c, candidates[j])
    return sum / (n - 1)
  })
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => (expectedUtility[b] ?? 0) - (expectedUtility[a] ?? 0) || a - b)
  return { order, expectedUtility }
}
