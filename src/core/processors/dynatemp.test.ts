// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { dynamicTemperature, dynamicTemperatureOf } from './dynatemp'
import { cand, expectApply, expectNoMutation, LLAMA } from './testing'
import { refusal } from '../testing/refusal'

// {0.1, 0.2, 0.3, 0.4}: H = 1.279854, ln 4 = 1.386294, normalised entropy 0.923220.
describe('dynamicTemperatureOf', () => {
  it('maps the normalised entropy onto [t − range, t + range]', () => {
    // t 1, range 0.5, exponent 1: 0.5 + 1 × 0.923220 = 1.423220.
    expect(dynamicTemperatureOf(cand(LLAMA), 1, 0.5, 1)).toBeCloseTo(1.42322, 5)
    // t 0.8, range 0.5, exponent 2: 0.3 + 1 × 0.923220² = 0.3 + 0.852335 = 1.152335.
    expect(dynamicTemperatureOf(cand(LLAMA), 0.8, 0.5, 2)).toBeCloseTo(1.152335, 5)
    // t 0.3, range 0.5: the lower end is clamped at 0: 0 + 0.8 × 0.923220 = 0.738576.
    expect(dynamicTemperatureOf(cand(LLAMA), 0.3, 0.5, 1)).toBeCloseTo(0.738576, 5)
  })

  it('uniform candidates reach t + range, one candidate keeps t', () => {
    expect(dynamicTemperatureOf(cand([0.25, 0.25, 0.25, 0.25]), 1, 0.5, 1)).toBeCloseTo(1.5, 12)
    expect(dynamicTemperatureOf(cand([1]), 1, 0.5, 1)).toBe(1)
    expect(dynamicTemperatureOf(cand(LLAMA), 0.7, 0, 1)).toBe(0.7)
  })
})

describe('dynamicTemperature', () => {
  it('applies the dynamic temperature: p^(1/T), renormalised', () => {
    // T = 1.423220: 0.4^(1/T) … renormalised gives 0.356001, 0.290847, 0.218745, 0.134408.
    const out = dynamicTemperature(1, 0.5, 1).apply(cand(LLAMA))
    expect(Array.from(out.ids)).toEqual([3, 2, 1, 0])
    ;[0.356001, 0.290847, 0.218745, 0.134408].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 6))
  })

  it('reports the temperature it applied', () => {
    expect(dynamicTemperature(0.8, 0.5, 2).apply(cand(LLAMA)).appliedTemperature).toBeCloseTo(1.152335, 5)
  })

  it('with no range it is plain temperature, and 0 is greedy (llama.cpp test_temp_ext)', () => {
    const w = LLAMA.map((p) => p ** 2)
    const z = w.reduce((a, b) => a + b, 0)
    expectApply(dynamicTemperature(0.5, 0, 1), cand(LLAMA), [3, 2, 1, 0], [w[3] / z, w[2] / z, w[1] / z, w[0] / z])
    expectApply(dynamicTemperature(0, 0, 1), cand(LLAMA), [3], [1])
    expectApply(dynamicTemperature(1, 0, 1), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1])
  })

  it.each([
    [-1, 0, 1, /temperature must be > 0/],
    [1, -0.5, 1, /dynatempRange must be >= 0/],
    [1, 0.5, NaN, /dynatempExponent must be a finite number/],
  ])('rejects t %s, range %s, exponent %s', (t, r, e, message) => {
    expect(refusal({ temperature: t, dynatempRange: r, dynatempExponent: e })).toMatch(message)
  })

  it('never mutates its input', () => {
    expectNoMutation(dynamicTemperature(1, 0.5, 1), [])
  })
})
