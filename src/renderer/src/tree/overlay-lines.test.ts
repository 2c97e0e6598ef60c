// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { fixture } from './overlay-fixture'
import { edgeLines } from './overlay-lines'

// The fixture: paths 0 and 1 are sequences through 0 → 1 → 2; pruned 2 ends at 3 (via 1), 3 at 4, 4 at 6 (via 5).
describe('the lines of an overlay edge', () => {
  it('gives each sequence a lane and every pruned hypothesis one line on the centre', () => {
    const o = fixture()
    // Into node 1: both sequences (paths 0, 1) 4 apart, the pruned hypothesis 2 on the centre.
    expect(edgeLines(o, o.nodes[1], 4, 20)).toEqual([
      { path: 2, paths: [2], pruned: true, offset: 0 },
      { path: 0, paths: [0], pruned: false, offset: -2 },
      { path: 1, paths: [1], pruned: false, offset: 2 },
    ])
    // Into the root: three pruned hypotheses are still one line; the lanes squeeze within the spread.
    expect(edgeLines(o, o.nodes[0], 4, 3)).toEqual([
      { path: 2, paths: [2, 3, 4], pruned: true, offset: 0 },
      { path: 0, paths: [0], pruned: false, offset: -1.5 },
      { path: 1, paths: [1], pruned: false, offset: 1.5 },
    ])
  })

  it('draws a pruned-only edge as its one thin line', () => {
    const o = fixture()
    expect(edgeLines(o, o.nodes[6], 4, 20)).toEqual([{ path: 4, paths: [4], pruned: true, offset: 0 }])
  })
})
