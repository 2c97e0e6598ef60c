import { type Processor, renormalised } from './processor'

/** Allowance for rounding when a cumulative mass is compared with p. */
export const MASS_EPSILON = 1e-9

/** top-p (nucleus): 1 = disabled. Keeps the smallest prefix whose mass reaches p. */
export function topP(p: number): Processor {
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
