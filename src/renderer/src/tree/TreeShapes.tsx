import { memo } from 'react'
import type { HierarchyPointNode } from 'd3-hierarchy'
import { STATUS_COLOURS } from '../../../core/status-colours'
import type { NodeStatus, TreeNode } from '../../../core/types'

interface Props {
  laid: readonly HierarchyPointNode<TreeNode>[]
  status: ReadonlyMap<number, NodeStatus>
  current: number | null
  collapsed: ReadonlySet<number>
  title: (n: TreeNode) => string
}

/**
 * Edges and circles of every node that exists at the shown step. Memoised: panning and zooming
 * change only the SVG's viewBox and the labels, so the thousands of shapes here render once per
 * layout or step, not per frame. Clicks are handled by the SVG through `data-id`.
 */
export const TreeShapes = memo(function TreeShapes({ laid, status, current, collapsed, title }: Props) {
  return (
    <g className="tree-shapes">
      {laid.map((n) => {
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
      {laid.map((n) => {
        const s = status.get(n.data.id)
        if (!s) return null
        return (
          <g key={n.data.id} transform={`translate(${n.y},${n.x})`} className="tree-node" data-id={n.data.id} data-status={s}>
            <title>{title(n.data)}</title>
            {n.data.id === current && <circle r={10} className="tree-current" fill="none" stroke="#f97316" strokeWidth={3} />}
            <circle r={collapsed.has(n.data.id) ? 7 : 5} fill={STATUS_COLOURS[s]} />
          </g>
        )
      })}
    </g>
  )
})
