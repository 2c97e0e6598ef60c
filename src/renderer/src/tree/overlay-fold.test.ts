// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { foldId } from './fold-tree'
import type { Overlay, OverlayNode, OverlayPath } from './merge-runs'
import { edgeLines } from './overlay-lines'
import { foldOverlay, overlayAsTree } from './overlay-fold'
import { PRUNED_STYLE, stablePathStyle } from './path-style'

// Two runs' sequences share 0 → 1 → 2; pruned hypotheses end at 3 (under 1), at 4, and at 6 (via 5).
const PROBS: Record<number, [number | null, number]> = { 0: [null, 1], 1: [0, 0.6], 2: [1, 0.5], 3: [1, 0.3], 4: [0, 0.25], 5: [0, 0.15], 6: [5, 1] }
const PATHS: [number, OverlayPath['kind'], number[]][] = [
  [1, 'sequence', [1, 2]],
  [2, 'sequence', [1, 2]],
  [2, 'pruned', [1, 3]],
  [2, 'pruned', [4]],
  [2, 'pruned', [5, 6]],
]
function fixture(): Overlay {
  const nodes: OverlayNode[] = []
  for (const [key, [parent, prob]] of Object.entries(PROBS)) {
    const id = Number(key)
    const up = parent === null ? undefined : nodes[parent]
    nodes.push({ id, parent, tokenId: parent === null ? null : 100 + id, text: `t${id}`, prob, logProb: (up?.logProb ?? 0) + Math.log(prob), depth: up ? up.depth + 1 : 0, forced: false, runs: [], prunedBy: [], paths: [] })
  }
  const paths = PATHS.map(([runId, kind, ids], i): OverlayPath => ({ runId, index: i, kind, style: kind === 'pruned' ? PRUNED_STYLE : stablePathStyle(runId, 0), forced: 0, nodes: ids, cumulative: ids.map((id) => nodes[id].logProb) }))
  paths.forEach((p, i) => {
    for (const id of [0, ...p.nodes]) {
      nodes[id].paths.push(i)
      const list = p.kind === 'sequence' ? nodes[id].runs : nodes[id].prunedBy
      if (!list.includes(p.runId)) list.push(p.runId)
    }
  })
  for (const n of nodes) n.prunedBy = n.prunedBy.filter((r) => !n.runs.includes(r))
  return { nodes, paths, runs: [] }
}

describe('the overlay as tree nodes', () => {
  it('marks the final paths chosen and ranks siblings by the likelihood of their prefix', () => {
    const nodes = overlayAsTree(fixture())
    // log P: 0 → 0, 1 → ln .6, 2 → ln .3, 3 → ln .18, 4 → ln .25, 5 and 6 → ln .15 (tie: by id).
    expect(nodes.map((n) => [n.id, n.rank, n.status])).toEqual([
      [0, 0, 'chosen'],
      [1, 1, 'chosen'],
      [2, 2, 'chosen'],
      [3, 4, 'candidate'],
      [4, 3, 'candidate'],
      [5, 5, 'candidate'],
      [6, 6, 'candidate'],
    ])
  })

  it('folds the children on no final path into "+N more" when focused, as the tree does', () => {
    const shown = foldOverlay(fixture(), true, new Set())
    // Under the root, 4 and 5 fold into one (p = 0.25 + 0.15); 3 alone under 1 would hide nothing and stays.
    expect(shown.map((n) => n.id)).toEqual([0, 1, 2, 3, foldId(0)])
    const fold = shown[4]
    expect(fold.parent).toBe(0)
    expect(fold.fold?.count).toBe(2)
    expect(fold.fold?.mass).toBeCloseTo(0.4, 12)
    expect(fold.rank).toBe(5)
  })

  it('shows an opened fold, and every node unfocused', () => {
    expect(foldOverlay(fixture(), true, new Set([0])).map((n) => n.id)).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(foldOverlay(fixture(), false, new Set()).map((n) => n.id)).toEqual([0, 1, 2, 3, 4, 5, 6])
  })
})

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
