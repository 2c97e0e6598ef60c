// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { probabilityOf, rankOf, sortedCandidates, summarize } from './distribution'
import { seededRandom } from './rng'
import type { Distribution } from './types'

/** The textbook softmax, written independently of the fused one under test. */
function softmax(logits: number[]): number[] {
  const max = Math.max(...logits)
  const e = logits.map((x) => Math.exp(x - max))
  const z = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / z)
}

/** −Σ p ln p over the non-zero entries. */
function entropy(ps: number[]): number {
  return -ps.filter((p) => p > 0).reduce((s, p) => s + p * Math.log(p), 0)
}

const logits = (values: number[]): Distribution => ({ kind: 'logits', logits: Float32Array.from(values) })
const probs = (ids: number[], ps: number[], otherMass = 0): Distribution => ({
  kind: 'probs',
  ids: Int32Array.from(ids),
  probs: Float64Array.from(ps),
  otherMass,
})

function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length)
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 12))
}

describe('summarize, logits', () => {
  // logits 1, 3, 2, 3: softmax p_i = e^{x_i} / (e + e^3 + e^2 + e^3).
  const xs = [1, 3, 2, 3]
  const z = Math.E + 2 * Math.exp(3) + Math.exp(2)
  const p = xs.map((x) => Math.exp(x) / z)

  it('gives the top n by probability, ties to the lower id, with other mass and entropy', () => {
    const s = summarize(logits(xs), 2)
    // ids 1 and 3 tie at logit 3: id 1 first.
    expect(Array.from(s.ids)).toEqual([1, 3])
    expectClose(s.probs, [Math.exp(3) / z, Math.exp(3) / z])
    // The rest: tokens 0 and 2, (e + e^2) / Z.
    expect(s.otherMass).toBeCloseTo((Math.E + Math.exp(2)) / z, 12)
    expect(s.entropy).toBeCloseTo(-p.reduce((acc, pi) => acc + pi * Math.log(pi), 0), 12)
    expect(s.partial).toBe(false)
  })

  it('matches a straightforward softmax over the whole vocabulary', () => {
    const values = [0.5, -2, 4, 4, 1, 0, -1, 3]
    const expected = softmax(Array.from(Float32Array.from(values)))
    const s = summarize(logits(values), values.length)
    // Order by probability, then id: 2, 3 (tie), 7, 4, 0, 5, 6, 1.
    expect(Array.from(s.ids)).toEqual([2, 3, 7, 4, 0, 5, 6, 1])
    expectClose(
      s.probs,
      Array.from(s.ids, (id) => expected[id]),
    )
    expect(s.otherMass).toBeCloseTo(0, 12)
    expect(s.entropy).toBeCloseTo(entropy(expected), 12)
  })

  it('asks for more than the vocabulary, or for none', () => {
    expect(Array.from(summarize(logits([0, 1]), 10).ids)).toEqual([1, 0])
    const none = summarize(logits([0, 1]), 0)
    expect(none.ids.length).toBe(0)
    expect(none.otherMass).toBeCloseTo(1, 12)
    // Entropy is of the full distribution: ln 2-point softmax (1/(1+e), e/(1+e)).
    expect(none.entropy).toBeCloseTo(entropy(softmax([0, 1])), 12)
  })

  it('stays finite for large logits', () => {
    // 1000 and 1001: p = 1/(1+e), e/(1+e), whatever the offset.
    const s = summarize(logits([1000, 1001]), 2)
    expectClose(s.probs, [Math.E / (1 + Math.E), 1 / (1 + Math.E)])
    expect(s.entropy).toBeCloseTo(entropy([1 / (1 + Math.E), Math.E / (1 + Math.E)]), 12)
  })

  it('treats a masked logit (−Infinity) as probability 0, with a finite entropy', () => {
    // 0, −∞, 1: the masked token has p = 0 and adds nothing to the entropy.
    const s = summarize(logits([0, -Infinity, 1]), 3)
    expect(Array.from(s.ids)).toEqual([2, 0])
    expectClose(s.probs, [Math.E / (1 + Math.E), 1 / (1 + Math.E)])
    expect(s.entropy).toBeCloseTo(entropy([1 / (1 + Math.E), Math.E / (1 + Math.E)]), 12)
  })
})

describe('summarize, probs', () => {
  it('gives the top n with other mass and entropy', () => {
    const s = summarize(probs([0, 1, 2, 3], [0.1, 0.4, 0.2, 0.3]), 2)
    expect(Array.from(s.ids)).toEqual([1, 3])
    expectClose(s.probs, [0.4, 0.3])
    // 0.1 + 0.2 outside the top 2.
    expect(s.otherMass).toBeCloseTo(0.3, 12)
    expect(s.entropy).toBeCloseTo(
      -(0.1 * Math.log(0.1) + 0.4 * Math.log(0.4) + 0.2 * Math.log(0.2) + 0.3 * Math.log(0.3)),
      12,
    )
    expect(s.partial).toBe(false)
  })

  it('breaks ties towards the lower id whatever the listed order', () => {
    expect(Array.from(summarize(probs([4, 2, 9], [0.25, 0.25, 0.5]), 2).ids)).toEqual([9, 2])
    expect(Array.from(summarize(probs([4, 2, 9], [0.25, 0.25, 0.5]), 3).ids)).toEqual([9, 2, 4])
    expect(Array.from(summarize(probs([7, 5, 3], [0.2, 0.2, 0.2]), 1).ids)).toEqual([3])
  })

  it('leaves out zero probabilities', () => {
    const s = summarize(probs([0, 1], [0, 1]), 2)
    expect(Array.from(s.ids)).toEqual([1])
    expect(s.entropy).toBe(0)
    expect(s.otherMass).toBe(0)
  })

  it('marks a partial distribution and counts its unknown rest in other mass and, as one lump, in entropy', () => {
    // Listed 0.3, 0.5, 0.1 and 0.1 unknown; top 2 are ids 2 (0.5) and 5 (0.3).
    const s = summarize(probs([5, 2, 7], [0.3, 0.5, 0.1], 0.1), 2)
    expect(Array.from(s.ids)).toEqual([2, 5])
    expectClose(s.probs, [0.5, 0.3])
    // Outside the top 2: id 7's 0.1 plus the unknown 0.1.
    expect(s.otherMass).toBeCloseTo(0.2, 12)
    expect(s.entropy).toBeCloseTo(-(0.5 * Math.log(0.5) + 0.3 * Math.log(0.3) + 2 * 0.1 * Math.log(0.1)), 12)
    expect(s.partial).toBe(true)
  })
})

describe('sortedCandidates', () => {
  it('lists every non-zero token by probability, then lower id', () => {
    const c = sortedCandidates(probs([3, 1, 2, 0], [0.3, 0.4, 0.3, 0]))
    expect(Array.from(c.ids)).toEqual([1, 2, 3])
    expectClose(c.probs, [0.4, 0.3, 0.3])
    expect(c.otherMass).toBe(0)
  })

  it('softmaxes logits and keeps the other mass of a partial distribution', () => {
    const c = sortedCandidates(logits([1, 3, 2, 3]))
    expect(Array.from(c.ids)).toEqual([1, 3, 2, 0])
    const p = softmax([1, 3, 2, 3])
    expectClose(c.probs, [p[1], p[3], p[2], p[0]])
    expect(sortedCandidates(probs([0], [0.6], 0.4)).otherMass).toBe(0.4)
  })
})

describe('probabilityOf and rankOf', () => {
  it('gives the model’s own probability, 0 when not listed or out of range', () => {
    expect(probabilityOf(probs([3, 1], [0.7, 0.3]), 1)).toBe(0.3)
    expect(probabilityOf(probs([3, 1], [0.7, 0.3]), 2)).toBe(0)
    expect(probabilityOf(logits([1, 3, 2, 3]), 2)).toBeCloseTo(softmax([1, 3, 2, 3])[2], 12)
    expect(probabilityOf(logits([1, 3]), 5)).toBe(0)
  })

  it('ranks a token in the full distribution with ties to the lower id', () => {
    const d = probs([3, 1, 2], [0.3, 0.4, 0.3])
    expect([1, 2, 3].map((t) => rankOf(d, t))).toEqual([0, 1, 2])
    // Logits 1, 3, 2, 3: order 1, 3, 2, 0.
    expect([0, 1, 2, 3].map((t) => rankOf(logits([1, 3, 2, 3]), t))).toEqual([3, 0, 2, 1])
  })
})

/** Softmax, entropy and top-n the plain way: every probability, then a full sort. */
function naiveSummary(
  logits: Float32Array,
  n: number,
): { ids: number[]; probs: number[]; entropy: number; otherMass: number } {
  let max = -Infinity
  for (const l of logits) max = Math.max(max, l)
  const e = Array.from(logits, (l) => Math.exp(l - max))
  const z = e.reduce((a, b) => a + b, 0)
  const p = e.map((x) => x / z)
  const entropy = -p.reduce((h, q) => (q > 0 ? h + q * Math.log(q) : h), 0)
  const order = p.map((_, i) => i).sort((a, b) => p[b] - p[a] || a - b)
  const ids = order.slice(0, n)
  const probs = ids.map((i) => p[i])
  return { ids, probs, entropy, otherMass: 1 - probs.reduce((a, b) => a + b, 0) }
}

describe('summarize of logits against a naive softmax', () => {
  it.each([1, 2, 3])(
    'gives the same top-10, probabilities, entropy and other mass on 151,936 logits (seed %s)',
    (seed) => {
      const random = seededRandom(seed)
      // Quarter steps give ties among the top; a few masked (−∞) and far-below tokens.
      const logits = Float32Array.from({ length: 151_936 }, () => {
        const r = random()
        return r < 0.01 ? -Infinity : r < 0.02 ? -1000 : Math.round((random() * 24 - 12) * 4) / 4
      })
      const got = summarize({ kind: 'logits', logits }, 10)
      const want = naiveSummary(logits, 10)
      expect([...got.ids]).toEqual(want.ids)
      got.probs.forEach((p, k) => expect(Math.abs(p - want.probs[k])).toBeLessThan(1e-12 * want.probs[k]))
      expect(Math.abs(got.entropy - want.entropy)).toBeLessThan(1e-12 * want.entropy)
      expect(Math.abs(got.otherMass - want.otherMass)).toBeLessThan(1e-12)
    },
  )
})

describe('sortedCandidates of logits against a comparator sort', () => {
  it.each([1, 2])('gives the same ids and probabilities with ties, −0, −∞ and underflow (seed %s)', (seed) => {
    const random = seededRandom(seed)
    const logits = Float32Array.from({ length: 20_000 }, () => {
      const r = random()
      return r < 0.02
        ? -Infinity
        : r < 0.04
          ? -1000
          : r < 0.06
            ? -0
            : r < 0.08
              ? 0
              : Math.round((random() * 24 - 12) * 4) / 4
    })
    const max = Math.max(...logits)
    const e = Array.from(logits, (l) => Math.exp(l - max))
    const z = e.reduce((a, b) => a + b, 0)
    const order = e
      .map((_, i) => i)
      .filter((i) => e[i] > 0)
      .sort((a, b) => e[b] - e[a] || a - b)
    const got = sortedCandidates({ kind: 'logits', logits })
    expect([...got.ids]).toEqual(order)
    got.probs.forEach((p, k) => expect(p).toBe(e[order[k]] / z))
  })
})
