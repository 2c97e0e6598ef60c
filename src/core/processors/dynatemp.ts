import type { Candidates } from '../distribution'
import { copy, type ProcessedCandidates, type Processor, renormalised, temperature } from '../processors'

/** dynatempRange 0 = off (plain temperature); dynatempExponent 1 maps entropy to temperature linearly. */
export const DYNATEMP_NEUTRAL = { dynatempRange: 0, dynatempExponent: 1 } as const

/**
 * The temperature llama.cpp's extended temperature (llama_sampler_temp_ext_apply) applies to these
 * candidates: with range > 0, from max(0, t − range) to t + range by the normalised entropy H / ln n
 * raised to `exponent`; n is the number of candidates still listed. Without a range, t itself.
 */
export function dynamicTemperatureOf(c: Candidates, t: number, range: number, exponent: number): number {
  if (!(range > 0) || c.ids.length <= 1) return t
  const minTemp = Math.max(0, t - range)
  const maxTemp = t + range
  let total = 0
  for (let i = 0; i < c.probs.length; i++) total += c.probs[i]
  let entropy = 0
  for (let i = 0; i < c.probs.length; i++) {
    const p = c.probs[i] / total
    if (p > 0) entropy -= p * Math.log(p)
  }
  return minTemp + (maxTemp - minTemp) * Math.pow(entropy / Math.log(c.ids.length), exponent)
}

export interface DynamicTemperatureResult extends ProcessedCandidates {
  /** The temperature actually applied at this step. */
  appliedTemperature: number
}

/**
 * Temperature as llama.cpp's chain applies it (temp_ext): dynamic when range > 0, and greedy (the
 * most probable token alone) when the temperature comes to 0 or less.
 */
export interface DynamicTemperatureProcessor extends Processor {
  apply(c: Candidates): DynamicTemperatureResult
}

export function dynamicTemperature(t: number, range: number, exponent: number): DynamicTemperatureProcessor {
  return {
    name: 'dynatemp',
    apply(c) {
      const applied = dynamicTemperatureOf(c, t, range, exponent)
      if (c.ids.length <= 1 && range > 0) return { ...copy(c), appliedTemperature: applied }
      if (applied <= 0) return { ...renormalised(c, Math.min(1, c.ids.length)), appliedTemperature: applied }
      return { ...temperature(applied).apply(c), appliedTemperature: applied }
    },
  }
}
