import { stratify, tree as d3tree, type HierarchyPointNode } from 'd3-hierarchy'
import type { TreeNode } from '../../../core/types'

export const ROW = 26
export const COLUMN = 150

/** Lays a probability tree out left to right with d3-hierarchy, leaving out the children of collapsed nodes. */
export function layoutTree(nodes: readonly TreeNode[], collapsed: ReadonlySet<number>): HierarchyPointNode<TreeNode>[] {
  const shown = new Set<number>()
  for (const n of nodes) {
    if (n.parent === null || (shown.has(n.parent) && !collapsed.has(n.parent))) shown.add(n.id)
  }
  const root = stratify<TreeNode>()
    .id((n) => String(n.id))
    .parentId((n) => (n.parent === null ? null : String(n.parent)))(nodes.filter((n) => shown.has(n.id)))
  root.sort((a, b) => a.data.rank - b.data.rank)
  return d3tree<TreeNode>().nodeSize([ROW, COLUMN])(root).descendants()
}

export interface TreeBounds {
  /** Vertical extent of the laid-out nodes (d3's x). */
  minX: number
  maxX: number
  /** Horizontal extent (d3's y, depth × COLUMN). */
  maxY: number
}

/** Extent of a layout, with a loop: spreading thousands of nodes into Math.min can overflow the stack. */
export function treeBounds(laid: readonly HierarchyPointNode<TreeNode>[]): TreeBounds {
  let minX = 0
  let maxX = 0
  let maxY = 0
  for (const n of laid) {
    if (n.x < minX) minX = n.x
    if (n.x > maxX) maxX = n.x
    if (n.y > maxY) maxY = n.y
  }
  return { minX, maxX, maxY }
}
