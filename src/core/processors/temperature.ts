import type { Processor } from './processor'

/** temperature: 1 = neutral. Divides log-probabilities by t and renormalises. */
export function temperature(t: number): Processor {
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
