import type { Candidates } from '../distribution'
import { applyChain, type ProcessedCandidates, type Processor } from '../processors'
import type { TokenId } from '../types'
import type { TokenHistory } from './history'

/** What a step's chain did to the candidates a tree stores. */
export interface ChainTrace {
  out: ProcessedCandidates
  /** Per watched token: the name of the first processor that removed it, or null when it is left. */
  filteredBy: (string | null)[]
  /** The temperature a dynamic temperature applied, when the chain has one. */
  appliedTemperature?: number
}

/**
 * Applies the chain (as applyChain does) and notes, for each watched token (a node's stored
 * candidates), which processor removed it. A processor's output is scanned once while watched tokens
 * are still in: O(its length), the order of the processor's own work.
 */
export function traceChain(
  chain: readonly Processor[],
  c: Candidates,
  history: TokenHistory,
  watch: readonly TokenId[],
): ChainTrace {
  const filteredBy: (string | null)[] = watch.map(() => null)
  const index = new Map<TokenId, number>()
  watch.forEach((id, k) => index.set(id, k))
  let appliedTemperature: number | undefined
  const present = new Uint8Array(watch.length)
  // A watched token absent from the input already (probability 0 in the model) is nobody's doing.
  const settled = new Uint8Array(watch.length).fill(1)
  let left = 0
  for (let i = 0; i < c.ids.length && left < index.size; i++) {
    const k = index.get(c.ids[i])
    if (k !== undefined && settled[k] === 1) {
      settled[k] = 0
      left++
    }
  }
  // Each processor alone, so that what it removed shows; applyChain then gathers flags and warnings.
  const steps: Processor[] = chain.map((p) => ({
    name: p.name,
    apply(input, context) {
      const out = p.apply(input, context)
      const t = (out as { appliedTemperature?: number }).appliedTemperature
      if (t !== undefined) appliedTemperature = t
      // A processor only keeps or removes tokens: as many out as in means none removed.
      if (left > 0 && out.ids.length < input.ids.length) {
        present.fill(0)
        for (let i = 0; i < out.ids.length; i++) {
          const k = index.get(out.ids[i])
          if (k !== undefined) present[k] = 1
        }
        for (let k = 0; k < watch.length; k++) {
          if (present[k] === 0 && settled[k] === 0) {
            filteredBy[k] = p.name
            settled[k] = 1
            left--
          }
        }
      }
      return out
    },
  }))
  const out = applyChain(steps, c, history)
  return appliedTemperature === undefined ? { out, filteredBy } : { out, filteredBy, appliedTemperature }
}

/** The probability of each watched token in a processed distribution, 0 when it is not there. */
export function processedProbs(out: Candidates, watch: readonly TokenId[]): number[] {
  const at = new Map<TokenId, number>()
  watch.forEach((id, k) => at.set(id, k))
  const probs = watch.map(() => 0)
  let found = 0
  for (let i = 0; i < out.ids.length && found < watch.length; i++) {
    const k = at.get(out.ids[i])
    if (k !== undefined) {
      probs[k] = out.probs[i]
      found++
    }
  }
  return probs
}
