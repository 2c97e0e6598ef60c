// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { foldId } from './fold-tree'
import { foldOverlay, overlayAsTree } from './overlay-fold'
import { fixture } from './overlay-fixture'
import { COLUMN, layoutTree, ROW } from './tree-layout'

// The fixture: two runs' sequences share 0 → 1 → 2; pruned hypotheses end at 3 (under 1), at 4, and at 6 (via 5).
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

  it('lays the folded overlay out with the layout of the tree: the final path first, the fold below it', () => {
    const laid = layoutTree(foldOverlay(fixture(), true, new Set()), new Set())
    // Leaves 2 and 3 one row apart, 1 over their middle, the fold one row below 1, the root midway between 1 and the fold.
    const at = Object.fromEntries(laid.map((l) => [l.data.id, [l.y, l.x]]))
    expect(at).toEqual({
      0: [0, 0],
      1: [COLUMN, -ROW / 2],
      2: [2 * COLUMN, -ROW],
      3: [2 * COLUMN, 0],
      [foldId(0)]: [COLUMN, ROW / 2],
    })
  })
})
