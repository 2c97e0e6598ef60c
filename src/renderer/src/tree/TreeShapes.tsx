import { memo } from 'react'
import type { HierarchyPointNode } from 'd3-hierarchy'
import { STATUS_COLOURS } from '../../../core/status-colours'
import type { NodeStatus, TreeNode } from '../../../core/types'
import type { ShownNode } from './fold-tree'

/** Outline of a forced node: a token given by hand, not picked by the strategy. */
export const FORCED_STROKE = '#7c3aed'

interface Props {
  /** The nodes and the edges (by their child) in the drawn region: see cullToRegion. */
  nodes: readonly HierarchyPointNode<TreeNode>[]
  edges: readonly HierarchyPointNode<TreeNode>[]
  status: ReadonlyMap<number, NodeStatus>
  current: number | null
  collapsed: ReadonlySet<number>
  title: (n: ShownNode) => string
}

/**
 * Edges and circles of the nodes that exist at the shown step and lie in the drawing region.
 * Memoised: panning and zooming move the drawing's transform, and this renders again only when the
 * view leaves the region (or on a new layout or step), so a frame never re-renders thousands of
 * shapes; the selection ring is drawn apart, so selecting does not either. Clicks are handled by
 * the SVG through `data-id`.
 */
export const TreeShapes = memo(function TreeShapes({ nodes, edges, status, current, collapsed, title }: Props) {
  return (
    <g className="tree-shapes">
      {edges.map((n) => {
        const s = status.get(n.data.id)
        if (!s || !n.parent) return null
        const midY = (n.parent.y + n.y) / 2
        return (
          <path
            key={`e${n.data.id}`}
            d={`M${n.parent.y},${n.parent.x}C${midY},${n.parent.x} ${midY},${n.x} ${n.y},${n.x}`}
            fill="none"
            stroke={STATUS_COLOURS[s]}
            strokeOpacity={0.6}
            strokeWidth={1 + 7 * n.data.prob}
          />
        )
      })}
      {nodes.map((n) => {
        const s = status.get(n.data.id)
        if (!s) return null
        return (
          <g
            key={n.data.id}
            transform={`translate(${n.y},${n.x})`}
            className={(n.data as ShownNode).fold ? 'tree-node tree-fold' : 'tree-node'}
            data-id={n.data.id}
            data-status={s}
            data-forced={n.data.forced ? 'true' : undefined}
          >
            <title>{title(n.data)}</title>
            {n.data.id === current && (
              <circle r={10} className="tree-current" fill="none" stroke="#f97316" strokeWidth={3} />
            )}
            {n.data.forced && (
              <circle
                r={7.5}
                className="tree-forced"
                fill="none"
                stroke={FORCED_STROKE}
                strokeWidth={2}
                strokeDasharray="3 2"
              />
            )}
            <circle r={collapsed.has(n.data.id) ? 7 : 5} fill={STATUS_COLOURS[s]} />
          </g>
        )
      })}
    </g>
  )
})

/** The legend entry of forced tokens: the dashed outline they get in the tree. */
export function ForcedLegend({ label }: { label: string }) {
  return (
    <span className="legend legend-forced">
      <svg width="14" height="14" aria-hidden="true">
        <circle cx="7" cy="7" r="5.5" fill="none" stroke={FORCED_STROKE} strokeWidth={1.5} strokeDasharray="2 2" />
      </svg>
      {label}
    </span>
  )
}
