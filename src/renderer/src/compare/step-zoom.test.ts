import { describe, expect, it } from 'vitest'
import { panSteps, rangeFor, zoomSteps } from './step-zoom'

describe('step zoom', () => {
  it('zooms in around the step under the pointer, in whole steps', () => {
    // 48 steps, span 47; half of it is 23 (floored); step 25 keeps its place: 25 - 24 × 23/47 = 13.26 → 13.
    expect(zoomSteps(null, 48, 25, 0.5)).toEqual([13, 36])
    // At the first step the range starts there.
    expect(zoomSteps(null, 48, 1, 0.5)).toEqual([1, 24])
    // Never narrower than two steps apart.
    expect(zoomSteps([10, 13], 48, 11, 0.5)).toEqual([10, 12])
  })
  it('zooms out at least one step a turn, and back to the whole length as null', () => {
    expect(zoomSteps([10, 12], 48, 11, 1.1)).toEqual([10, 13])
    // 23 × 2 = 46 steps, one short of the whole 47: 25 - 12 × 46/23 = 1.
    expect(zoomSteps([13, 36], 48, 25, 2)).toEqual([1, 47])
    expect(zoomSteps([1, 47], 48, 25, 1.1)).toBeNull()
  })
  it('keeps the range inside the run', () => {
    expect(zoomSteps([40, 48], 48, 48, 0.5)).toEqual([44, 48])
    expect(panSteps([13, 36], 48, 20)).toEqual([25, 48])
    expect(panSteps([13, 36], 48, -20)).toEqual([1, 24])
    expect(panSteps([13, 36], 48, 2.4)).toEqual([15, 38])
  })
  it('does not zoom a run too short to narrow', () => {
    expect(zoomSteps(null, 3, 2, 0.5)).toBeNull()
  })
  it('fits a shared range to a shorter chart', () => {
    expect(rangeFor([13, 36], 48)).toEqual([13, 36])
    expect(rangeFor([13, 36], 20)).toEqual([13, 20])
    expect(rangeFor([30, 36], 20)).toEqual([18, 20])
    expect(rangeFor([1, 36], 20)).toBeNull()
    expect(rangeFor(null, 20)).toBeNull()
  })
})
