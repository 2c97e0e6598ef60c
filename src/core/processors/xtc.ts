import { copy, type Processor } from '../processors'
import { reweighted } from './reweight'

/** xtcProbability 0 = off; a threshold above 0.5 also turns XTC off (llama.cpp). */
export const XTC_NEUTRAL = { xtcProbability: 0, xtcThreshold: 0.1 } as const

/**
 * XTC, "exclude top choices" (llama.cpp's llama_sample_xtc_apply): with chance xtcProbability, removes
 * every token whose probability is at least xtcThreshold except the least probable of them, so that
 * a less obvious but still viable token is drawn. `random` is the run's seeded generator; as in
 * llama.cpp it is drawn from only when XTC can act (probability > 0, threshold ≤ 0.5, 2+ tokens).
 */
export function xtc(probability: number, threshold: number, random: () => number): Processor {
  return {
    name: 'xtc',
    apply(c) {
      if (probability <= 0 || threshold > 0.5 || c.ids.length < 2) return copy(c)
      if (random() > probability) return copy(c)
      // Candidates are in ranking order: the leading run at or above the threshold, all but its last.
      let last = 0
      for (let i = 0; i < c.ids.length && c.probs[i] >= threshold; i++) last = i
      return last > 0 ? reweighted(c, (i) => (i < last ? 0 : 1)) : copy(c)
    },
  }
}
