import { describe, expect, it } from 'vitest'
import { matchAtLevel } from './matched-level'

// A synthetic nucleus curve: diversity (Self-BLEU-4) falls and quality (mean log-prob) falls as p grows.
const curve = [
  { param: 0.9, x: 0.2, y: -3, yLow: -3.5, yHigh: -2.5 },
  { param: 0.5, x: 0.6, y: -1, yLow: -1.2, yHigh: -0.8 },
  { param: 0.7, x: 0.4, y: -2, yLow: -2.2, yHigh: -1.6 },
]

describe('matchAtLevel', () => {
  it('interpolates linearly on the bracketing segment, in parameter order', () => {
    // Between p=0.5 (x 0.6) and p=0.7 (x 0.4): t = (0.5 − 0.6)/(0.4 − 0.6) = 0.5.
    const m = matchAtLevel(curve, 0.5)!
    expect(m.param).toBeCloseTo(0.6, 12)
    expect(m.y).toBeCloseTo(-1.5, 12)
    expect(m.yLow).toBeCloseTo(-1.7, 12)
    expect(m.yHigh).toBeCloseTo(-1.2, 12)
    expect(m.ambiguous).toBe(false)
    // Between p=0.7 and p=0.9: t = (0.25 − 0.4)/(0.2 − 0.4) = 0.75.
    const n = matchAtLevel(curve, 0.25)!
    expect(n.param).toBeCloseTo(0.85, 12)
    expect(n.y).toBeCloseTo(-2.75, 12)
    expect(n.yLow).toBeCloseTo(-3.175, 12)
  })

  it('reads a measured point exactly and refuses to extrapolate', () => {
    expect(matchAtLevel(curve, 0.4)).toEqual({ param: 0.7, y: -2, yLow: -2.2, yHigh: -1.6, ambiguous: false })
    expect(matchAtLevel(curve, 0.7)).toBeNull()
    expect(matchAtLevel(curve, 0.1)).toBeNull()
  })

  it('takes the first crossing of a curve that turns back, and says so', () => {
    const turning = [
      { param: 1, x: 0, y: 0 },
      { param: 2, x: 1, y: 10 },
      { param: 3, x: 0, y: 20 },
    ]
    expect(matchAtLevel(turning, 0.5)).toEqual({ param: 1.5, y: 5, yLow: null, yHigh: null, ambiguous: true })
  })

  it('rejects a level that is not a number', () => {
    expect(() => matchAtLevel(curve, NaN)).toThrow('the matched level must be a finite number, got NaN')
  })
})
