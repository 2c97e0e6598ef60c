// @vitest-environment node
import { describe, expect, it } from 'vitest'
import {
  centreOn,
  fitView,
  needsRegion,
  OPEN_MIN_SCALE,
  openingCentre,
  openingView,
  regionAround,
  spanMeets,
} from './tree-viewport'

describe('drawing region', () => {
  it('is the view grown by its own size on each side', () => {
    expect(regionAround({ x: 100, y: -50, scale: 2 }, 900, 600)).toEqual({ x: -350, y: -350, width: 1350, height: 900 })
  })

  it('is replaced only when the view leaves it or zooming in made it over twice as large as needed', () => {
    const r = regionAround({ x: 0, y: 0, scale: 1 }, 900, 600) // x -900..1800, y -600..1200
    expect(needsRegion(r, { x: 900, y: 600, scale: 1 }, 900, 600)).toBe(false)
    expect(needsRegion(r, { x: 901, y: 0, scale: 1 }, 900, 600)).toBe(true)
    expect(needsRegion(r, { x: -901, y: 0, scale: 1 }, 900, 600)).toBe(true)
    expect(needsRegion(r, { x: 0, y: 0, scale: 2 }, 900, 600)).toBe(false)
    expect(needsRegion(r, { x: 0, y: 0, scale: 2.01 }, 900, 600)).toBe(true)
    // Zooming out: at half size the view (x 0..1800) still fits, at 0.4 (x 0..2250) it does not.
    expect(needsRegion(r, { x: 0, y: 0, scale: 0.5 }, 900, 600)).toBe(false)
    expect(needsRegion(r, { x: 0, y: 0, scale: 0.4 }, 900, 600)).toBe(true)
  })

  it('keeps an edge whose box meets the region, even when both ends are outside it', () => {
    const r = { x: 0, y: 0, width: 100, height: 100 }
    expect(spanMeets(r, -50, 50, 150, 60)).toBe(true)
    expect(spanMeets(r, 101, 0, 200, 50)).toBe(false)
    expect(spanMeets(r, 0, -10, 50, -1)).toBe(false)
    expect(spanMeets(r, 100, 100, 100, 100)).toBe(true)
  })
})

describe('fitting the tree to its pane', () => {
  it('fits a wide tree by its width, centred vertically, never above 1:1', () => {
    // 10 columns of 150 and 5 rows: 1500 + 200 wide, 104 + 60 tall, into 850 × 400.
    const v = fitView({ minX: 0, maxX: 1500, minY: -52, maxY: 52 }, 850, 400)
    expect(v.scale).toBe(0.5)
    expect(v.x).toBe(-40)
    expect(v.y).toBeCloseTo(-52 - 30 - (800 - 164) / 2, 9)
    expect(fitView({ minX: 0, maxX: 150, minY: 0, maxY: 26 }, 900, 600).scale).toBe(1)
  })

  it('opens fitted when labels stay easy to read, else at the smallest such zoom with the root at the left', () => {
    const small = { minX: 0, maxX: 600, minY: -100, maxY: 100 }
    expect(openingView(small, 0, 0, 900, 600)).toEqual(fitView(small, 900, 600))
    const huge = { minX: 0, maxX: 7200, minY: -2000, maxY: 3000 }
    const v = openingView(huge, 0, 0, 900, 600)
    expect(v.scale).toBe(OPEN_MIN_SCALE)
    // The root is in view: 40 units from the left, in the middle vertically.
    expect(v.x).toBe(-40)
    expect(v.y + 600 / v.scale / 2).toBe(0)
  })

  it('centres on a node at the same zoom', () => {
    expect(centreOn({ x: 0, y: 0, scale: 2 }, 300, 100, 900, 600)).toEqual({ x: 75, y: -50, scale: 2 })
  })
})

describe('where a large tree opens', () => {
  it('centres on the chosen paths in the first view, keeping the root inside it', () => {
    // Chosen nodes at depth 1..3 going up to -200; one far right (x 2000) does not count.
    const chosen = [
      { x: 150, y: -100 },
      { x: 300, y: -200 },
      { x: 450, y: -150 },
      { x: 2000, y: 900 },
    ]
    expect(openingCentre(chosen, 1000, 700)).toBe(-100)
    // A view 200 tall: the root must stay 40 inside it, so the centre is at most 60 away.
    expect(openingCentre(chosen, 1000, 200)).toBe(-60)
    expect(openingCentre([], 1000, 700)).toBe(0)
    expect(
      openingCentre(
        [
          { x: 150, y: 80 },
          { x: 300, y: -20 },
        ],
        1000,
        700,
      ),
    ).toBe(30)
  })
})
