// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { applyChain, temperature, topK, topP } from '../processors'
import { dynamicTemperature } from './dynatemp'
import { TokenHistory } from './history'
import { logitBias } from './logit-bias'
import { minP } from './truncation'
import { processedProbs, traceChain } from './trace'
import { cand, LLAMA } from './testing'

describe('traceChain', () => {
  it('names the first processor that removed each watched token', () => {
    // ids 3, 2, 1, 0 have 0.4, 0.3, 0.2, 0.1. Ban 2; top-k 2 then keeps 3, 1; top-p 0.5 keeps 3 (0.4/0.7 ≥ 0.5).
    const chain = [logitBias(new Map([[2, -Infinity]])), topK(2), topP(0.5)]
    const t = traceChain(chain, cand(LLAMA), new TokenHistory(), [3, 2, 1, 0])
    expect(t.filteredBy).toEqual([null, 'logitBias', 'topP', 'topK'])
    expect(Array.from(t.out.ids)).toEqual([3])
    // The same result as applyChain.
    expect(Array.from(applyChain(chain, cand(LLAMA)).ids)).toEqual([3])
  })

  it('leaves null for a token the model already gave 0, and for every token when nothing is removed', () => {
    const t = traceChain([temperature(0.5)], cand([0.5, 0.5, 0]), new TokenHistory(), [0, 1, 2])
    expect(t.filteredBy).toEqual([null, null, null])
    expect(t.appliedTemperature).toBeUndefined()
  })

  it('reports the temperature a dynamic temperature applied', () => {
    const t = traceChain([minP(0.1), dynamicTemperature(1, 0.5, 1)], cand(LLAMA), new TokenHistory(), [3])
    expect(t.appliedTemperature).toBeCloseTo(1.42322, 5)
  })
})

describe('processedProbs', () => {
  it('the probability after the chain, 0 when filtered', () => {
    // top-k 2: 4/7, 3/7.
    const out = applyChain([topK(2)], cand(LLAMA))
    const p = processedProbs(out, [3, 2, 1, 0])
    expect(p[0]).toBeCloseTo(4 / 7, 12)
    expect(p[1]).toBeCloseTo(3 / 7, 12)
    expect(p.slice(2)).toEqual([0, 0])
  })
})
