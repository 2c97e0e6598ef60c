// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { NodeStatus, TreeNode } from '../../../core/types'
import { foldTree } from './fold-tree'
import { limitTree, maxDepth, NO_LIMITS } from './tree-limits'

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

// Greedy over three levels: root → a (chosen) → x (chosen) → end (chosen), with candidates beside each.
const root = node(null, '', 1, 'chosen')
const a = node(root, 'a', 0.5, 'chosen')
const b = node(root, 'b', 0.3, 'candidate', 1)
const c = node(root, 'c', 0.05, 'candidate', 2)
const x = node(a, 'x', 0.04, 'chosen') // the chosen path itself is improbable here
const y = node(a, 'y', 0.9, 'candidate', 1)
const b1 = node(b, 'b1', 0.7, 'candidate') // under an unexpanded-looking candidate, for the cut-off's reach
const end = node(x, 'end', 0.6, 'chosen')
const z = node(x, 'z', 0.4, 'candidate', 1)
const nodes = [root, a, b, c, x, y, b1, end, z]
const texts = (ns: readonly TreeNode[]): string[] => ns.map((n) => n.text || '(root)')

describe('the probability cut-off', () => {
  it('leaves out candidates below it and everything under them, but never the chosen path', () => {
    expect(texts(limitTree(nodes, { ...NO_LIMITS, minProb: 0.35 }))).toEqual(['(root)', 'a', 'x', 'y', 'end', 'z'])
    expect(texts(limitTree(nodes, { ...NO_LIMITS, minProb: 0.1 }))).toEqual([
      '(root)',
      'a',
      'b',
      'x',
      'y',
      'b1',
      'end',
      'z',
    ])
    // Exactly at the cut-off is kept.
    expect(texts(limitTree(nodes, { ...NO_LIMITS, minProb: 0.4 }))).toEqual(['(root)', 'a', 'x', 'y', 'end', 'z'])
    expect(texts(limitTree(nodes, { ...NO_LIMITS, minProb: 0.41 }))).toEqual(['(root)', 'a', 'x', 'y', 'end'])
  })

  it('keeps everything at 0, and returns a copy', () => {
    const out = limitTree(nodes, NO_LIMITS)
    expect(out).toEqual(nodes)
    expect(out).not.toBe(nodes)
  })
})

describe('the depth range', () => {
  it('stops at the last level asked for', () => {
    expect(texts(limitTree(nodes, { ...NO_LIMITS, toDepth: 1 }))).toEqual(['(root)', 'a', 'b', 'c'])
    expect(texts(limitTree(nodes, { ...NO_LIMITS, toDepth: 0 }))).toEqual(['(root)'])
  })

  it('above its first level keeps only the path that leads into it', () => {
    // From level 2: the candidates b, c (level 1) go, and b1 with b; level 2 and 3 under the path stay.
    expect(texts(limitTree(nodes, { ...NO_LIMITS, fromDepth: 2 }))).toEqual(['(root)', 'a', 'x', 'y', 'end', 'z'])
    expect(texts(limitTree(nodes, { minProb: 0.5, fromDepth: 2, toDepth: 2 }))).toEqual(['(root)', 'a', 'x', 'y'])
  })

  it('knows the deepest level', () => {
    expect(maxDepth(nodes)).toBe(3)
    expect(maxDepth([root])).toBe(0)
  })
})

describe('limits on a focused tree', () => {
  it('apply to folds by their total probability', () => {
    // Folded: under a, nothing folds (y alone); under root, b and c fold into one node of p = 0.35.
    const folded = foldTree(nodes, new Set())
    expect(folded.map((n) => (n.fold ? `+${n.fold.count}` : n.text || '(root)'))).toEqual([
      '(root)',
      'a',
      'x',
      'end',
      'z',
      'y',
      '+2',
    ])
    expect(
      limitTree(folded, { ...NO_LIMITS, minProb: 0.35 }).map((n) => (n.fold ? `+${n.fold.count}` : n.text || '(root)')),
    ).toEqual(['(root)', 'a', 'x', 'end', 'z', 'y', '+2'])
    expect(limitTree(folded, { ...NO_LIMITS, minProb: 0.36 }).map((n) => n.text || '(root)')).toEqual([
      '(root)',
      'a',
      'x',
      'end',
      'z',
      'y',
    ])
  })
})
