import { copy, type Processor, renormalised } from './processor'

/** top-k: 0 = disabled. Keeps the k most probable tokens. */
export function topK(k: number): Processor {
  return {
    name: 'topK',
    apply(c) {
      if (k === 0) return copy(c)
      const keep = Math.min(k, c.ids.length)
      return { ...renormalised(c, keep), cutBeyondKnown: c.otherMass > 0 && keep < k }
    },
  }
}
