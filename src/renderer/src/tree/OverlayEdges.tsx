import { memo, type ReactElement } from 'react'
import type { HierarchyPointNode } from 'd3-hierarchy'
import { isFoldId, type ShownNode } from './fold-tree'
import type { Overlay } from './merge-runs'
import { edgeLines } from './overlay-lines'
import { ROW } from './tree-layout'

/** Gap between the lines of sequences that share an edge, and the widest a bundle of them may spread. */
const LANE = 3.5
const SPREAD = ROW * 0.8

interface Props {
  overlay: Overlay
  /** The edges into these nodes (see cullToRegion). */
  edges: readonly HierarchyPointNode<ShownNode>[]
}

const curve = (from: HierarchyPointNode<ShownNode>, to: HierarchyPointNode<ShownNode>, dy: number): string => {
  const midY = (from.y + to.y) / 2
  return `M${from.y},${from.x + dy}C${midY},${from.x + dy} ${midY},${to.x + dy} ${to.y},${to.x + dy}`
}

/**
 * The overlay's edges: a line per returned sequence, side by side in their colours and dashes; the
 * pruned hypotheses as one thin faint line per edge (their group is faded as a whole, so that lines
 * drawn over each other do not add up to a dark band); an edge into a fold as a thin dotted line.
 */
export const OverlayEdges = memo(function OverlayEdges({ overlay, edges }: Props) {
  const pruned: ReactElement[] = []
  const kept: ReactElement[] = []
  for (const n of edges) {
    const p = n.parent
    if (!p) continue
    if (isFoldId(n.data.id)) {
      pruned.push(
        <path
          key={n.data.id}
          className="overlay-edge overlay-fold-edge"
          d={curve(p, n, 0)}
          fill="none"
          stroke="currentColor"
          strokeWidth={1}
          strokeDasharray="2 3"
        />,
      )
      continue
    }
    for (const line of edgeLines(overlay, overlay.nodes[n.data.id], LANE, SPREAD)) {
      const path = overlay.paths[line.path]
      const el = (
        <path
          key={`${n.data.id}-${line.path}`}
          className="overlay-edge"
          data-path={line.path}
          data-paths={line.pruned ? line.paths.join(' ') : undefined}
          data-run={path.runId}
          data-pruned={line.pruned ? 'true' : undefined}
          d={curve(p, n, line.offset)}
          fill="none"
          stroke={path.style.colour}
          strokeWidth={line.pruned ? 1 : 2.25}
          strokeDasharray={path.style.dash}
          strokeOpacity={line.pruned ? undefined : 0.9}
        />
      )
      ;(line.pruned ? pruned : kept).push(el)
    }
  }
  return (
    <g className="overlay-edges">
      <g className="overlay-pruned-edges" opacity={0.6}>
        {pruned}
      </g>
      {kept}
    </g>
  )
})
