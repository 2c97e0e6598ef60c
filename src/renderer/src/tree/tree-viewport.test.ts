// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { labelInView, MAX_SCALE, panBy, viewBox, zoomAt } from './tree-viewport'

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
