import type { HierarchyPointNode } from 'd3-hierarchy'
import { spanMeets, type Region } from './tree-viewport'

/**
 * The part of a layout to draw for a region of the plane (drawn x = depth, the layout's y): the
 * nodes inside it, and the edges whose box meets it (an edge may cross the region with both ends
 * outside). Any layout's nodes: the tree's and the overlay's. Labels start right of their node, so a node up to `labelMargin` left of the region
 * counts as inside. One pass over the layout; nothing else is drawn.
 */
export function cullToRegion<T>(
  laid: readonly HierarchyPointNode<T>[],
  region: Region,
  labelMargin = 0,
): { nodes: HierarchyPointNode<T>[]; edges: HierarchyPointNode<T>[] } {
  const nodes: HierarchyPointNode<T>[] = []
  const edges: HierarchyPointNode<T>[] = []
  const grown = { ...region, x: region.x - labelMargin, width: region.width + labelMargin }
  for (const n of laid) {
    if (spanMeets(grown, n.y, n.x, n.y, n.x)) nodes.push(n)
    if (n.parent && spanMeets(region, n.parent.y, n.parent.x, n.y, n.x)) edges.push(n)
  }
  return { nodes, edges }
}
