import { describe, expect, it } from 'vitest'
import { fitView } from './tree-viewport'
import { createZoomLink, unionExtent, type LinkMessage } from './zoom-link'

describe('zoom link', () => {
  it('takes the union of extents', () => {
    expect(
      unionExtent([
        { minX: 0, maxX: 100, minY: -20, maxY: 40 },
        { minX: 0, maxX: 300, minY: -5, maxY: 90 },
      ]),
    ).toEqual({ minX: 0, maxX: 300, minY: -20, maxY: 90 })
    expect(unionExtent([])).toBeNull()
  })

  it('sends a fit of the common extent to every tree, the one asking too, and forgets a tree that left', () => {
    const link = createZoomLink()
    const a = Symbol('a')
    const b = Symbol('b')
    const got: [symbol, LinkMessage][] = []
    link.subscribe((from, m) => got.push([from, m]))
    link.setExtent(a, { minX: 0, maxX: 180, minY: 0, maxY: 60 })
    link.setExtent(b, { minX: 0, maxX: 900, minY: -30, maxY: 30 })
    link.fit(a)
    expect(got).toEqual([[a, { kind: 'fit', extent: { minX: 0, maxX: 900, minY: -30, maxY: 60 } }]])
    link.setExtent(b, null)
    link.fit(b)
    expect(got[1]).toEqual([b, { kind: 'fit', extent: { minX: 0, maxX: 180, minY: 0, maxY: 60 } }])
    // 900 wide plus 40 + 160 of padding in 550 px: scale 0.5; 90 + 60 high fits at that scale.
    expect(fitView({ minX: 0, maxX: 900, minY: -30, maxY: 60 }, 550, 400).scale).toBe(0.5)
  })

  it('passes a view on with its sender, and stops after unsubscribing', () => {
    const link = createZoomLink()
    const a = Symbol('a')
    const got: LinkMessage[] = []
    const off = link.subscribe((_from, m) => got.push(m))
    link.publish(a, { x: 1, y: 2, scale: 0.5 })
    off()
    link.publish(a, { x: 3, y: 4, scale: 1 })
    expect(got).toEqual([{ kind: 'view', view: { x: 1, y: 2, scale: 0.5 } }])
  })
})
