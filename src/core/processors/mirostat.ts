import type { Candidates } from '../distribution'
import { renormalised } from '../processors'

/** mirostat 0 = off, 1 = Mirostat, 2 = Mirostat 2.0; llama.cpp's defaults for τ (target surprise, bits) and η. */
export const MIROSTAT_NEUTRAL = { mirostat: 0, mirostatTau: 5, mirostatEta: 0.1 } as const

/** llama.cpp's m: the number of top tokens Mirostat 1 fits its Zipf exponent on. */
export const MIROSTAT_M = 100

export interface MirostatOptions {
  version: 1 | 2
  tau: number
  eta: number
  /** The model's vocabulary size (Mirostat 1's n). */
  vocabSize: number
}

/** μ before the first token: 2τ, as llama.cpp starts it. */
export function mirostatStart(tau: number): number {
  return 2 * tau
}

/**
 * Mirostat 1's k (llama_sampler_mirostat_apply): fits the Zipf exponent ŝ on the top m tokens,
 * then k = (ε̂ · 2^μ / (1 − n^(−ε̂)))^(1/ŝ) with ε̂ = ŝ − 1, at least 1.
 */
export function mirostatK(c: Candidates, mu: number, vocabSize: number, m = MIROSTAT_M): number {
  let sumTiBi = 0
  let sumTiSq = 0
  for (let i = 0; i < m - 1 && i < c.ids.length - 1; i++) {
    const t = Math.log((i + 2) / (i + 1))
    const b = Math.log(c.probs[i] / c.probs[i + 1])
    sumTiBi += t * b
    sumTiSq += t * t
  }
  const s = sumTiBi / sumTiSq
  const e = s - 1
  const k = Math.pow((e * Math.pow(2, mu)) / (1 - Math.pow(vocabSize, -e)), 1 / s)
  // NaN (a single candidate) and anything below 1 keep one token, as max(int(k), 1) does.
  return Number.isFinite(k) ? Math.max(Math.trunc(k), 1) : Number.isNaN(k) ? 1 : c.ids.length
}

/** Mirostat's truncation at state μ: top-k with Mirostat 1's k, or (2) the tokens of surprise −log₂ p ≤ μ, at least one. */
export function mirostatCandidates(
  c: Candidates,
  mu: number,
  o: Pick<MirostatOptions, 'version' | 'vocabSize'>,
): Candidates {
  if (c.ids.length === 0) return renormalised(c, 0)
  let total = c.otherMass
  for (let i = 0; i < c.probs.length; i++) total += c.probs[i]
  if (o.version === 1) return renormalised(c, Math.min(mirostatK(c, mu, o.vocabSize), c.ids.length))
  let keep = 0
  while (keep < c.ids.length && -Math.log2(c.probs[keep] / total) <= mu) keep++
  return renormalised(c, Math.max(keep, 1))
}

/** μ after drawing a token of probability p (in the truncated distribution): μ − η(−log₂ p − τ). */
export function mirostatUpdate(mu: number, p: number, tau: number, eta: number): number {
  return mu - eta * (-Math.log2(p) - tau)
}
