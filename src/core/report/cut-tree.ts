import type { TreeNode } from '../types'

export interface CutTree {
  /** The nodes kept, in their original order; every kept node's parent is kept too. */
  nodes: TreeNode[]
  /** How many nodes were left out. */
  left: number
}

/**
 * Cuts a tree to at most `maxNodes` nodes: first the paths to the `keep` nodes (the returned
 * sequences, even when they exceed the limit), then the most probable prefixes. A prefix is never
 * more probable than its parent, so taking nodes by cumulative log-probability (shallower first on
 * a tie) keeps every branch whole from the root.
 */
export function cutTree(nodes: readonly TreeNode[], maxNodes: number, keep: readonly number[] = []): CutTree {
  if (nodes.length <= maxNodes) return { nodes: [...nodes], left: 0 }
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const kept = new Set<number>()
  for (const id of keep) {
    for (let n = byId.get(id); n && !kept.has(n.id); n = n.parent === null ? undefined : byId.get(n.parent))
      kept.add(n.id)
  }
  const order = [...nodes].sort((a, b) => b.logProb - a.logProb || a.depth - b.depth || a.id - b.id)
  for (const n of order) {
    if (kept.size >= maxNodes) break
    if (!kept.has(n.id) && (n.parent === null || kept.has(n.parent))) kept.add(n.id)
  }
  const shown = nodes.filter((n) => kept.has(n.id))
  return { nodes: shown, left: nodes.length - shown.length }
}
