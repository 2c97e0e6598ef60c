// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { adaptedTarget, adaptivePCandidates, adaptivePStart, adaptivePUpdate } from './adaptive-p'
import { cand, LLAMA } from './testing'
import { refusal } from '../testing/refusal'

const byId = (c: { ids: Int32Array; probs: Float64Array }): number[] => {
  const out: number[] = []
  c.ids.forEach((id, i) => (out[id] = c.probs[i]))
  return out
}

describe('adaptive-p state', () => {
  it('starts as a history at the target: target/(1 − decay), 1/(1 − decay)', () => {
    expect(adaptivePStart(0.3, 0.9).weightedSum).toBeCloseTo(3, 12)
    expect(adaptivePStart(0.3, 0.9).totalWeight).toBeCloseTo(10, 12)
    // so the first adapted target is the target itself: 2 × 0.3 − 3/10.
    expect(adaptedTarget(adaptivePStart(0.3, 0.9), 0.3)).toBeCloseTo(0.3, 12)
  })

  it('drawing a 0.4 token moves the EMA up and the next target down', () => {
    // weightedSum 0.4 + 0.9 × 3 = 3.1, totalWeight 1 + 0.9 × 10 = 10; target 0.6 − 0.31 = 0.29.
    const next = adaptivePUpdate(adaptivePStart(0.3, 0.9), 0.4, 0.9)
    expect(next.weightedSum).toBeCloseTo(3.1, 12)
    expect(next.totalWeight).toBeCloseTo(10, 12)
    expect(adaptedTarget(next, 0.3)).toBeCloseTo(0.29, 12)
  })

  it('clamps the adapted target into [0, 1], and the decay to 0.99', () => {
    expect(adaptedTarget({ weightedSum: 9, totalWeight: 10 }, 0.3)).toBe(0) // 0.6 − 0.9 < 0
    expect(adaptedTarget({ weightedSum: 0, totalWeight: 10 }, 0.9)).toBe(1) // 1.8
    expect(adaptedTarget({ weightedSum: 0, totalWeight: 0 }, 0.4)).toBe(0.4)
    expect(adaptivePStart(0.5, 1).totalWeight).toBeCloseTo(100, 9)
  })
})

describe('adaptivePCandidates', () => {
  // Logits 5 − 10 d²/(1 + d), d = |p − target| / 0.3.
  it('target 0.3 peaks on the 0.3 token: logits 4.166667, 5, 4.166667, 2.333333', () => {
    const out = adaptivePCandidates(cand(LLAMA), adaptivePStart(0.3, 0.9), 0.3)
    expect(out.ids[0]).toBe(2)
    const p = byId(out)
    ;[0.035841, 0.224172, 0.515815, 0.224172].forEach((e, id) => expect(p[id]).toBeCloseTo(e, 6))
  })

  it('target 0.29 (the second step above) reorders: 0.3, 0.2, 0.4, 0.1', () => {
    const out = adaptivePCandidates(cand(LLAMA), { weightedSum: 3.1, totalWeight: 10 }, 0.3)
    expect(Array.from(out.ids)).toEqual([2, 1, 3, 0])
    ;[0.507484, 0.256701, 0.191805, 0.044011].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 6))
  })

  it('target 1 favours the most probable token', () => {
    const out = adaptivePCandidates(cand(LLAMA), { weightedSum: 0, totalWeight: 0 }, 1)
    ;[0.950368, 0.047316, 0.002217, 0.000099].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 6))
  })

  it('a negative target leaves the distribution alone', () => {
    const out = adaptivePCandidates(cand(LLAMA), adaptivePStart(-1, 0.9), -1)
    expect(Array.from(out.ids)).toEqual([3, 2, 1, 0])
    ;[0.4, 0.3, 0.2, 0.1].forEach((e, i) => expect(out.probs[i]).toBeCloseTo(e, 12))
  })

  it.each([
    [1.5, 0.9, /adaptiveTarget must be (<= 1|a finite number)/],
    [NaN, 0.9, /adaptiveTarget must be (<= 1|a finite number)/],
    [0.3, 1, /adaptiveDecay must be in \[0, 0.99\]/],
    [0.3, -0.1, /adaptiveDecay must be in \[0, 0.99\]/],
  ])('rejects target %s, decay %s', (t, d, message) => {
    expect(refusal({ adaptiveTarget: t, adaptiveDecay: d })).toMatch(message)
  })
})
