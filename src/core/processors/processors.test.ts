// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { type Candidates, sortedCandidates } from '../distribution'
import { applyChain, draw, type Processor, temperature, topK, topP } from '.'
import { refusal } from '../testing/refusal'

/** Candidates of token ids 0…n−1 with these probabilities, in ranking order (as strategies build them). */
function cand(ps: number[], otherMass = 0): Candidates {
  return sortedCandidates({
    kind: 'probs',
    ids: Int32Array.from(ps, (_, i) => i),
    probs: Float64Array.from(ps),
    otherMass,
  })
}

function snapshot(c: Candidates): { ids: number[]; probs: number[]; otherMass: number } {
  return { ids: Array.from(c.ids), probs: Array.from(c.probs), otherMass: c.otherMass }
}

/** Applies `p` and checks the kept ids and their renormalised probabilities (llama.cpp's test shape). */
function expectApply(p: Processor, input: number[], ids: number[], expected: number[], otherMass = 0): void {
  const out = p.apply(cand(input, otherMass))
  expect(Array.from(out.ids)).toEqual(ids)
  expect(out.probs.length).toBe(expected.length)
  expected.forEach((e, i) => expect(out.probs[i], `probs[${i}]`).toBeCloseTo(e, 12))
}

// Probabilities 0.1, 0.2, 0.3, 0.4 for ids 0…3: ranking order is ids 3, 2, 1, 0.
const LLAMA = [0.1, 0.2, 0.3, 0.4]

describe('topP', () => {
  it.each([
    // p, kept ids, renormalised probabilities
    [0.3, [3], [1]], // 0.4 ≥ 0.3
    [0.4, [3], [1]], // 0.4 reaches 0.4 exactly
    [0.5, [3, 2], [4 / 7, 3 / 7]], // 0.4 < 0.5, 0.4 + 0.3 = 0.7
    [0.7, [3, 2], [4 / 7, 3 / 7]], // 0.7 reaches 0.7 (within 1e-9 of rounding)
    [0.8, [3, 2, 1], [4 / 9, 3 / 9, 2 / 9]], // 0.7 < 0.8, 0.9
    [0.9, [3, 2, 1], [4 / 9, 3 / 9, 2 / 9]],
    [0.95, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]],
    [1, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]], // 1 = disabled, keeps all
  ])('p = %s on {0.1, 0.2, 0.3, 0.4}', (p, ids, expected) => {
    expectApply(topP(p), LLAMA, ids, expected)
  })

  it('keeps exactly two tokens of 0.7, 0.1, 0.1, 0.1 with p = 0.8', () => {
    // 0.7 < 0.8; 0.7 + 0.1 = 0.8 (0.7999… in floating point, within 1e-9); renormalise by 0.8.
    expectApply(topP(0.8), [0.7, 0.1, 0.1, 0.1], [0, 1], [0.875, 0.125])
  })

  it.each([
    [
      [0.7, 0.2, 0.05, 0.05],
      [0.7 / 0.9, 0.2 / 0.9],
    ],
    [
      [0.6, 0.3, 0.05, 0.05],
      [0.6 / 0.9, 0.3 / 0.9],
    ],
  ])('allows 1e-9 for rounding: %j with p = 0.9 keeps two', (ps, expected) => {
    // The first two sum to 0.9 on paper (0.8999999999999999 in floating point): enough.
    expectApply(topP(0.9), ps, [0, 1], expected)
  })

  it('cuts ties in favour of the lower id', () => {
    // Ranking: id 2 (0.7), then ids 0, 1, 3 tie at 0.1; the cut keeps id 0.
    expectApply(topP(0.8), [0.1, 0.1, 0.7, 0.1], [2, 0], [0.875, 0.125])
  })

  it('flags a cut that would need tokens beyond a partial distribution', () => {
    // Listed 0.5, 0.2 of a total 1 (0.3 unknown); p = 0.9 needs more than the listed 0.7.
    const out = topP(0.9).apply(cand([0.5, 0.2], 0.3))
    expect(Array.from(out.ids)).toEqual([0, 1])
    expect(out.probs[0]).toBeCloseTo(0.5 / 0.7, 12)
    expect(out.probs[1]).toBeCloseTo(0.2 / 0.7, 12)
    expect(out.otherMass).toBe(0)
    expect(out.cutBeyondKnown).toBe(true)
    // p = 0.5 is reached by the listed 0.5: no flag.
    expect(topP(0.5).apply(cand([0.5, 0.2], 0.3)).cutBeyondKnown).toBe(false)
  })
})

describe('topK', () => {
  it.each([
    [1, [3], [1]],
    [2, [3, 2], [4 / 7, 3 / 7]],
    [3, [3, 2, 1], [4 / 9, 3 / 9, 2 / 9]],
    [4, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]],
    [5, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]],
    [0, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1]], // 0 = disabled
  ])('k = %s on {0.1, 0.2, 0.3, 0.4}', (k, ids, expected) => {
    expectApply(topK(k), LLAMA, ids, expected)
  })

  it('cuts ties in favour of the lower id', () => {
    // 0.3, 0.2, 0.3, 0.2: ranking ids 0, 2, 1, 3.
    expectApply(topK(2), [0.3, 0.2, 0.3, 0.2], [0, 2], [0.5, 0.5])
    expectApply(topK(3), [0.3, 0.2, 0.3, 0.2], [0, 2, 1], [0.375, 0.375, 0.25])
  })

  it('flags k beyond the listed part of a partial distribution', () => {
    expect(topK(3).apply(cand([0.5, 0.2], 0.3)).cutBeyondKnown).toBe(true)
    expect(topK(2).apply(cand([0.5, 0.2], 0.3)).cutBeyondKnown).toBe(false)
    expect(topK(5).apply(cand(LLAMA)).cutBeyondKnown).toBe(false)
  })
})

describe('temperature', () => {
  it('t = 1 leaves the distribution as it is', () => {
    expectApply(temperature(1), LLAMA, [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1])
  })

  it('t = 0.5 squares and renormalises', () => {
    // p^(1/0.5) = p²: 0.16, 0.09, 0.04, 0.01, sum 0.30.
    expectApply(temperature(0.5), LLAMA, [3, 2, 1, 0], [0.16 / 0.3, 0.09 / 0.3, 0.04 / 0.3, 0.01 / 0.3])
  })

  it('t = 2 takes square roots and renormalises', () => {
    // p^(1/2): √0.4 + √0.3 + √0.2 + √0.1 ≈ 0.632456 + 0.547723 + 0.447214 + 0.316228 = 1.943619.
    const s = Math.sqrt(0.4) + Math.sqrt(0.3) + Math.sqrt(0.2) + Math.sqrt(0.1)
    expectApply(
      temperature(2),
      LLAMA,
      [3, 2, 1, 0],
      [Math.sqrt(0.4) / s, Math.sqrt(0.3) / s, Math.sqrt(0.2) / s, Math.sqrt(0.1) / s],
    )
    const out = temperature(2).apply(cand(LLAMA))
    // By hand: 0.632456 / 1.943619 ≈ 0.325401, and so on.
    ;[0.325401, 0.281805, 0.230093, 0.1627].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 5))
  })

  it('tempers the unknown rest of a partial distribution as one lump', () => {
    // 0.5, 0.3 listed, 0.2 unknown; squared: 0.25, 0.09, 0.04, sum 0.38.
    const out = temperature(0.5).apply(cand([0.5, 0.3], 0.2))
    expect(out.probs[0]).toBeCloseTo(0.25 / 0.38, 12)
    expect(out.probs[1]).toBeCloseTo(0.09 / 0.38, 12)
    expect(out.otherMass).toBeCloseTo(0.04 / 0.38, 12)
  })
})

describe('applyChain', () => {
  it('applies in order: temperature 0.5 then top-p 0.8 keeps two where top-p alone keeps three', () => {
    // Tempered: 16/30, 9/30, 4/30, 1/30; 16/30 < 0.8 ≤ 25/30: keep ids 3, 2 → 16/25, 9/25.
    const out = applyChain([temperature(0.5), topP(0.8)], cand(LLAMA))
    expect(Array.from(out.ids)).toEqual([3, 2])
    expect(out.probs[0]).toBeCloseTo(0.64, 12)
    expect(out.probs[1]).toBeCloseTo(0.36, 12)
    expect(out.cutBeyondKnown).toBe(false)
    expect(Array.from(applyChain([topP(0.8)], cand(LLAMA)).ids)).toEqual([3, 2, 1])
  })

  it('reports a cut beyond the known part from any processor in the chain', () => {
    expect(applyChain([topP(0.9), temperature(1)], cand([0.5, 0.2], 0.3)).cutBeyondKnown).toBe(true)
  })
})

describe('processors never mutate their input', () => {
  const processors: Processor[] = [
    temperature(0.5),
    temperature(1),
    temperature(2),
    topK(0),
    topK(2),
    topK(9),
    topP(0.5),
    topP(0.8),
    topP(1),
  ]

  it.each(processors.map((p, i) => [`${p.name} #${i}`, p] as const))('%s', (_, p) => {
    for (const input of [cand(LLAMA), cand([0.5, 0.2], 0.3)]) {
      Object.freeze(input)
      const before = snapshot(input)
      const out = p.apply(input)
      expect(snapshot(input)).toEqual(before)
      expect(out.ids).not.toBe(input.ids)
      expect(out.probs).not.toBe(input.probs)
      // Writing into the output must not reach the input either.
      out.probs.fill(9)
      out.ids.fill(9)
      expect(snapshot(input)).toEqual(before)
    }
  })

  it('applyChain', () => {
    const input = Object.freeze(cand(LLAMA))
    const before = snapshot(input)
    applyChain(processors, input)
    expect(snapshot(input)).toEqual(before)
  })
})

describe('the schema refuses bad values, once for every processor', () => {
  it.each([0, -0.1, 1.5, NaN, Infinity])('topP = %s', (p) => {
    expect(refusal({ topP: p })).toMatch(/topP must be (in \(0, 1\]|a finite number)/)
  })

  it.each([0, -1, NaN, Infinity, -Infinity])('temperature = %s', (t) => {
    expect(refusal({ temperature: t })).toMatch(/temperature must be (> 0|a finite number), got temperature = /)
  })

  it.each([-1, 1.5, NaN])('topK = %s', (k) => {
    expect(refusal({ topK: k })).toMatch(/topK must be (>= 0|a whole number|a finite number)/)
  })

  it('accepts the neutral values', () => {
    expect(refusal({ topP: 1, temperature: 1, topK: 0 })).toBeNull()
  })
})

describe('draw', () => {
  it('walks the ranking order with u in [0, 1)', () => {
    // Cumulative 0.5, 0.8, 1.0.
    const c = cand([0.5, 0.3, 0.2])
    expect([0, 0.25, 0.49, 0.51, 0.79, 0.81, 0.999].map((u) => draw(c, u))).toEqual([0, 0, 0, 1, 1, 2, 2])
  })

  it('renormalises the listed tokens of a partial distribution', () => {
    // Listed 0.25, 0.15 (total 0.4): u = 0.6 → 0.24 < 0.25 → first; u = 0.7 → 0.28 → second.
    const c = cand([0.25, 0.15], 0.6)
    expect(draw(c, 0.6)).toBe(0)
    expect(draw(c, 0.7)).toBe(1)
  })
})
