import { describe, expect, it } from 'vitest'
import type { NodeStatus, TreeNode } from '../types'
import { foldId, foldTree, isFoldId } from './fold-tree'

let next = 0
const node = (parent: TreeNode | null, text: string, prob: number, status: NodeStatus, rank = 0): TreeNode => ({
  id: next++,
  parent: parent?.id ?? null,
  tokenId: parent ? next : null,
  text,
  prob,
  logProb: (parent?.logProb ?? 0) + Math.log(prob),
  depth: (parent?.depth ?? -1) + 1,
  rank,
  status,
  expanded: false,
  otherMass: null,
  entropy: null,
  partial: false,
})

// A beam of width 1 over a root with five candidates, then one kept child with three candidates.
const root = node(null, '', 1, 'chosen')
const a = node(root, 'a', 0.5, 'chosen', 0)
const others = [
  node(root, 'b', 0.2, 'pruned', 1),
  node(root, 'c', 0.15, 'candidate', 2),
  node(root, 'd', 0.1, 'candidate', 3),
  node(root, 'e', 0.05, 'candidate', 4),
]
const a1 = node(a, 'x', 0.6, 'chosen', 0)
const aOthers = [node(a, 'y', 0.3, 'candidate', 1), node(a, 'z', 0.1, 'candidate', 2)]
const lone = node(a1, '\n', 1, 'chosen', 0)
const nodes = [root, a, ...others, a1, ...aOthers, lone]

describe('the focused tree', () => {
  it('keeps the chosen path and folds every other candidate of an expanded node into one "+N more" node', () => {
    const shown = foldTree(nodes, new Set())
    expect(
      shown.map((n) => (n.fold ? `+${n.fold.count} (${n.fold.mass.toFixed(2)}) under ${n.parent}` : n.text)),
    ).toEqual(['', 'a', 'x', '\n', '+2 (0.40) under 1', '+4 (0.50) under 0'])
    const fold = shown.find((n) => n.id === foldId(root.id))
    expect(fold).toMatchObject({ parent: root.id, status: 'candidate', tokenId: null, rank: 4 })
    expect(fold?.logProb).toBeCloseTo(Math.log(0.5), 12)
    expect(shown.filter((n) => isFoldId(n.id))).toHaveLength(2)
  })

  it('opens a fold on request, showing its candidates in their order', () => {
    const shown = foldTree(nodes, new Set([root.id]))
    expect(shown.map((n) => (n.fold ? `+${n.fold.count}` : n.text))).toEqual([
      '',
      'a',
      'x',
      '\n',
      '+2',
      'b',
      'c',
      'd',
      'e',
    ])
  })

  it('keeps a forced node and the path to it, and does not fold a single candidate', () => {
    const r = node(null, '', 1, 'chosen')
    const kept = node(r, 'k', 0.6, 'kept')
    const forced = { ...node(r, 'f', 0.3, 'candidate', 1), forced: true as const }
    const one = node(r, 'o', 0.1, 'candidate', 2)
    expect(foldTree([r, kept, forced, one], new Set()).map((n) => n.text)).toEqual(['', 'k', 'f', 'o'])
  })

  it('does not change its input', () => {
    const copy = structuredClone(nodes)
    foldTree(nodes, new Set())
    expect(nodes).toEqual(copy)
  })
})
