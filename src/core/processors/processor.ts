import type { Candidates } from '../distribution'
import type { TokenId } from '../types'
import { historyOf, type TokenHistory } from './history'

/**
 * Reshapes a candidate list (ranking order, see distribution.ts) into a new one, also in ranking
 * order; never mutates its input. Truncating processors keep a subset of the list, so "filtered"
 * is whatever is no longer in it. `context` is what the model conditions on (BOS, prompt and the
 * tokens generated so far): only penalties read it, so the others leave it out.
 */
export interface Processor {
  readonly name: string
  apply(c: Candidates, context?: readonly TokenId[] | TokenHistory): ProcessedCandidates
}

export interface ProcessedCandidates extends Candidates {
  /** Set when a cut would have needed tokens beyond the listed part of a partial distribution. */
  cutBeyondKnown?: boolean
  /** Why the result is only approximate (a statistic of a partial distribution, say). */
  warnings?: string[]
}

export function copy(c: Candidates): Candidates {
  return { ids: c.ids.slice(), probs: c.probs.slice(), otherMass: c.otherMass }
}

/** The first `keep` candidates, renormalised; a cut drops the unknown rest too. */
export function renormalised(c: Candidates, keep: number): Candidates {
  const probs = c.probs.slice(0, keep)
  let z = 0
  for (let i = 0; i < keep; i++) z += probs[i]
  for (let i = 0; i < keep; i++) probs[i] /= z
  return { ids: c.ids.slice(0, keep), probs, otherMass: 0 }
}

/** The candidates at the given positions (ascending, so ranking order holds), renormalised. */
export function kept(c: Candidates, positions: readonly number[]): Candidates {
  const ids = Int32Array.from(positions, (i) => c.ids[i])
  const probs = Float64Array.from(positions, (i) => c.probs[i])
  let z = 0
  for (let i = 0; i < probs.length; i++) z += probs[i]
  for (let i = 0; i < probs.length; i++) probs[i] /= z
  return { ids, probs, otherMass: 0 }
}

/** Applies the chain in order; an array context becomes one history that every processor shares. */
export function applyChain(
  chain: readonly Processor[],
  c: Candidates,
  context: readonly TokenId[] | TokenHistory = [],
): ProcessedCandidates {
  const history = historyOf(context)
  let out: ProcessedCandidates = c
  let cutBeyondKnown = false
  const warnings: string[] = []
  for (const p of chain) {
    out = p.apply(out, history)
    cutBeyondKnown ||= out.cutBeyondKnown === true
    for (const w of out.warnings ?? []) if (!warnings.includes(w)) warnings.push(w)
  }
  return { ...out, cutBeyondKnown, warnings }
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
