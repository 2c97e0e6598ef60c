import type { TreeNode } from '../../../core/types'
import { foldTree, type ShownNode } from './fold-tree'
import type { Overlay } from './merge-runs'

/**
 * The overlay as tree nodes for the tree's folding and layout: a node on a run's final path (or
 * forced) counts as chosen, one reached only by pruned hypotheses as a candidate; siblings are
 * ranked by the likelihood of their prefix, most likely first (ties by id).
 */
export function overlayAsTree(overlay: Overlay): TreeNode[] {
  const order = overlay.nodes
    .map((n) => n.id)
    .sort((a, b) => overlay.nodes[b].logProb - overlay.nodes[a].logProb || a - b)
  const rank = new Map(order.map((id, i) => [id, i]))
  return overlay.nodes.map((n) => ({
    id: n.id,
    parent: n.parent,
    tokenId: n.tokenId,
    text: n.text,
    prob: n.prob,
    logProb: n.logProb,
    depth: n.depth,
    rank: rank.get(n.id) ?? 0,
    status: n.runs.length > 0 ? 'chosen' : 'candidate',
    expanded: false,
    otherMass: null,
    entropy: null,
    partial: false,
    forced: n.forced ? true : undefined,
  }))
}

/**
 * The overlay's nodes as drawn: every final path (and forced token) stays; under each node, the
 * children that lie on no run's final path fold into one "+N more (p = Σ)" node, as the tree's
 * candidates do (the same foldTree), unless the fold is open; unfolded, every node stays.
 */
export function foldOverlay(overlay: Overlay, focused: boolean, open: ReadonlySet<number>): ShownNode[] {
  const nodes = overlayAsTree(overlay)
  return focused ? foldTree(nodes, open) : nodes
}
