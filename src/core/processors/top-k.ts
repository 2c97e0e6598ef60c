import { InputError } from '../errors'
import { copy, type Processor, renormalised } from './processor'

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
