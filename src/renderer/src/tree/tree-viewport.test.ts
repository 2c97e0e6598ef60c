// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { labelInView, MAX_SCALE, needsRegion, panBy, regionAround, spanMeets, viewBox, zoomAt } from './tree-viewport'

describe('tree viewport', () => {
  it('zooming keeps the point under the pointer fixed', () => {
    const v = zoomAt({ x: -40, y: -100, scale: 1 }, 2, 100, 50)
    // Plane point under (100, 50) was (60, -50); at scale 2 it needs x = 60 - 50, y = -50 - 25.
    expect(v).toEqual({ x: 10, y: -75, scale: 2 })
    expect(viewBox(v, 900, 600)).toBe('10 -75 450 300')
  })

  it('clamps the zoom', () => {
    expect(zoomAt({ x: 0, y: 0, scale: 3 }, 2, 0, 0).scale).toBe(MAX_SCALE)
  })

  it('pans by pixels divided by the zoom', () => {
    expect(panBy({ x: 0, y: 0, scale: 2 }, 10, -20)).toEqual({ x: -5, y: 10, scale: 2 })
  })

  it('culls labels outside the view, allowing a margin on the left and top', () => {
    const v = { x: 0, y: 0, scale: 2 } // shows x 0..450, y 0..300 for 900 × 600 pixels
    expect(labelInView(v, 900, 600, 450, 300, 20)).toBe(true)
    expect(labelInView(v, 900, 600, 451, 10, 20)).toBe(false)
    expect(labelInView(v, 900, 600, -20, 10, 20)).toBe(true)
    expect(labelInView(v, 900, 600, -21, 10, 20)).toBe(false)
    expect(labelInView(v, 900, 600, 10, 321, 20)).toBe(false)
  })
})

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
