// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../../../core/types'
import { cullToRegion } from './tree-cull'
import { COLUMN, layoutTree, ROW } from './tree-layout'

const n = (id: number, parent: number | null, depth: number, rank: number): TreeNode => ({
  id,
  parent,
  tokenId: parent === null ? null : id,
  text: `t${id}`,
  prob: 0.5,
  logProb: depth * Math.log(0.5),
  depth,
  rank,
  status: 'candidate',
  expanded: false,
  otherMass: null,
  entropy: null,
  partial: false,
})

// root 0 → 1, 2; 1 → 3, 4; 2 → 5. d3's tidy tree puts depth × 150 across; leaves are one row (26)
// apart among siblings and two rows between cousins: 3, 4, 5 at 0, 26, 78, parents midway over
// their children (1 at 13, 2 at 78), all shifted so that the root (45.5) is at 0.
const laid = layoutTree(
  [n(0, null, 0, 0), n(1, 0, 1, 0), n(2, 0, 1, 1), n(3, 1, 2, 0), n(4, 1, 2, 1), n(5, 2, 2, 0)],
  new Set(),
)
const ids = (ls: typeof laid): number[] => ls.map((l) => l.data.id).sort((p, q) => p - q)

describe('culling to the drawn region', () => {
  it('lays the fixture out as expected', () => {
    const at = Object.fromEntries(laid.map((l) => [l.data.id, [l.y, l.x]]))
    expect(at).toEqual({
      0: [0, 0],
      1: [COLUMN, -1.25 * ROW],
      2: [COLUMN, 1.25 * ROW],
      3: [2 * COLUMN, -1.75 * ROW],
      4: [2 * COLUMN, -0.75 * ROW],
      5: [2 * COLUMN, 1.25 * ROW],
    })
  })

  it('keeps the nodes inside the region and the edges that cross it', () => {
    // The last column only, above the middle: nodes 3 and 4; their edges from node 1 cross into it.
    const region = { x: 200, y: -100, width: 200, height: 90 }
    const out = cullToRegion(laid, region)
    expect(ids(out.nodes)).toEqual([3, 4])
    expect(ids(out.edges)).toEqual([3, 4])
  })

  it('keeps an edge that passes through with both ends outside', () => {
    // A band between the first two columns: edge 0→1 spans y -32.5..0, edge 0→2 spans 0..32.5; y -30..-5 meets the first only.
    const out = cullToRegion(laid, { x: 50, y: -30, width: 50, height: 25 })
    expect(ids(out.nodes)).toEqual([])
    expect(ids(out.edges)).toEqual([1])
  })

  it('counts a node just left of the region as inside when its label may reach in', () => {
    const region = { x: 160, y: -40, width: 100, height: 80 }
    expect(ids(cullToRegion(laid, region).nodes)).toEqual([])
    expect(ids(cullToRegion(laid, region, 10).nodes)).toEqual([1, 2])
    expect(ids(cullToRegion(laid, region, 9).nodes)).toEqual([])
  })
})
