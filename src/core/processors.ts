import type { Candidates } from './distribution'
import { InputError } from './errors'

/**
 * Reshapes a candidate list (ranking order, see distribution.ts) into a new one; never mutates
 * its input. Truncating processors keep a prefix of the list, so "filtered" is whatever
 * lies past the kept prefix.
 */
export interface Processor {
  readonly name: string
  apply(c: Candidates): ProcessedCandidates
}

export interface ProcessedCandidates extends Candidates {
  /** Set when a cut would have needed tokens beyond the listed part of a partial distribution. */
  cutBeyondKnown?: boolean
}

/** temperature: 1 = neutral. Divides log-probabilities by t and renormalises. */
export function temperature(t: number): Processor {
  if (!(t > 0) || !Number.isFinite(t)) {
    throw new InputError(`temperature must be a number > 0, got ${t}; use 1 for the model's own distribution`)
  }
  return {
    name: 'temperature',
    apply(c) {
      const probs = new Float64Array(c.probs.length)
      let z = 0
      for (let i = 0; i < probs.length; i++) z += probs[i] = t === 1 ? c.probs[i] : Math.pow(c.probs[i], 1 / t)
      // The unknown rest of a partial distribution is tempered as one lump: an approximation.
      const rest = c.otherMass > 0 ? (t === 1 ? c.otherMass : Math.pow(c.otherMass, 1 / t)) : 0
      z += rest
      for (let i = 0; i < probs.length; i++) probs[i] /= z
      return { ids: c.ids.slice(), probs, otherMass: rest / z }
    },
  }
}

/** top-k: 0 = disabled. Keeps the k most probable tokens. */
export function topK(k: number): Processor {
  if (!Number.isInteger(k) || k < 0) throw new InputError(`k must be a whole number >= 1 (0 disables top-k), got ${k}`)
  return {
    name: 'topK',
    apply(c) {
      if (k === 0) return copy(c)
      const keep = Math.min(k, c.ids.length)
      return { ...renormalised(c, keep), cutBeyondKnown: c.otherMass > 0 && keep < k }
    },
  }
}

/** Allowance for rounding when a cumulative mass is compared with p. */
export const MASS_EPSILON = 1e-9

/** top-p (nucleus): 1 = disabled. Keeps the smallest prefix whose mass reaches p. */
export function topP(p: number): Processor {
  if (!(p > 0 && p <= 1)) throw new InputError(`p must be in (0, 1], got ${p}`)
  return {
    name: 'topP',
    apply(c) {
      let total = c.otherMass
      for (let i = 0; i < c.probs.length; i++) total += c.probs[i]
      let mass = 0
      let keep = 0
      while (keep < c.ids.length && mass < p * total - MASS_EPSILON) mass += c.probs[keep++]
      return { ...renormalised(c, keep), cutBeyondKnown: mass < p * total - MASS_EPSILON }
    },
  }
}

function copy(c: Candidates): Candidates {
  return { ids: c.ids.slice(), probs: c.probs.slice(), otherMass: c.otherMass }
}

function renormalised(c: Candidates, keep: number): Candidates {
  const probs = c.probs.slice(0, keep)
  let z = 0
  for (let i = 0; i < keep; i++) z += probs[i]
  for (let i = 0; i < keep; i++) probs[i] /= z
  return { ids: c.ids.slice(0, keep), probs, otherMass: 0 }
}

export function applyChain(chain: readonly Processor[], c: Candidates): ProcessedCandidates {
  let out: ProcessedCandidates = c
  let cutBeyondKnown = false
  for (const p of chain) {
    out = p.apply(out)
    cutBeyondKnown ||= out.cutBeyondKnown === true
  }
  return { ...out, cutBeyondKnown }
}

/**
 * Draws one listed token with u in [0, 1), walking in ranking order. The unknown rest of a
 * partial distribution cannot be drawn, so the listed tokens are renormalised.
 */
export function draw(c: Candidates, u: number): number {
  let total = 0
  for (let i = 0; i < c.probs.length; i++) total += c.probs[i]
  let target = u * total
  for (let i = 0; i < c.probs.length; i++) {
    target -= c.probs[i]
    if (target < 0) return i
  }
  return c.probs.length - 1
}
