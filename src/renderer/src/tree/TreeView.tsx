import { useMemo, useState, type WheelEvent, type PointerEvent } from 'react'
import { formatProb } from '../../../core/format'
import type { NodeStatus, TreeNode } from '../../../core/types'
import { STATUS_COLOURS } from '../../../core/status-colours'
import { COLUMN, layoutTree } from './tree-layout'

export { STATUS_COLOURS }

function details(n: TreeNode, children: TreeNode[]): string {
  const lines = [`${n.tokenId === null ? '(prompt)' : n.text}: P = ${formatProb(n.prob)}, cumulative ${formatProb(Math.exp(n.logProb))}, ${n.status}`]
  if (n.expanded) {
    lines.push(`entropy ${n.entropy?.toFixed(3)} nats, other mass ${formatProb(n.otherMass ?? 0)}${n.partial ? ' (partial distribution)' : ''}`)
    for (const c of children.slice(0, 10)) lines.push(`  ${c.text}  ${formatProb(c.prob)}`)
  }
  return lines.join('\n')
}

/** The branch tree of a run: edges as thick as their probability, statuses by colour, collapsible, zoom and pan. */
export function TreeView({ nodes }: { nodes: readonly TreeNode[] }) {
  const [collapsed, setCollapsed] = useState<Set<number>>(new Set())
  const [view, setView] = useState({ x: -40, y: 0, scale: 1 })
  const [drag, setDrag] = useState<{ x: number; y: number } | null>(null)
  const laid = useMemo(() => layoutTree(nodes, collapsed), [nodes, collapsed])
  const children = useMemo(() => {
    const map = new Map<number, TreeNode[]>()
    for (const n of nodes) if (n.parent !== null) map.set(n.parent, [...(map.get(n.parent) ?? []), n])
    for (const list of map.values()) list.sort((a, b) => a.rank - b.rank)
    return map
  }, [nodes])
  if (laid.length === 0) return null
  const minX = Math.min(...laid.map((n) => n.x))
  const maxX = Math.max(...laid.map((n) => n.x))
  const depth = Math.max(...laid.map((n) => n.y))
  const width = 900
  const height = Math.min(700, maxX - minX + 60)

  const toggle = (id: number): void =>
    setCollapsed((c) => {
      const next = new Set(c)
      if (!next.delete(id)) next.add(id)
      return next
    })
  const onWheel = (e: WheelEvent): void => setView((v) => ({ ...v, scale: Math.min(4, Math.max(0.2, v.scale * (e.deltaY < 0 ? 1.1 : 0.9))) }))
  const onPointerMove = (e: PointerEvent): void => {
    if (!drag) return
    setView((v) => ({ ...v, x: v.x - (e.clientX - drag.x) / v.scale, y: v.y - (e.clientY - drag.y) / v.scale }))
    setDrag({ x: e.clientX, y: e.clientY })
  }

  return (
    <figure className="tree" aria-label="probability tree">
      <figcaption>
        {(Object.keys(STATUS_COLOURS) as NodeStatus[]).map((s) => (
          <span key={s} className="legend">
            <svg width="12" height="12" aria-hidden="true">
              <circle cx="6" cy="6" r="5" fill={STATUS_COLOURS[s]} />
            </svg>
            {s}
          </span>
        ))}
        <span className="hint">Click a node to collapse or expand it; scroll to zoom, drag to pan.</span>
      </figcaption>
      <svg
        width={width}
        height={height}
        viewBox={`${view.x} ${minX - 30 + view.y} ${width / view.scale} ${height / view.scale}`}
        onWheel={onWheel}
        onPointerDown={(e) => setDrag({ x: e.clientX, y: e.clientY })}
        onPointerUp={() => setDrag(null)}
        onPointerLeave={() => setDrag(null)}
        onPointerMove={onPointerMove}
        role="img"
        aria-label={`tree of ${nodes.length} nodes, ${depth / COLUMN} levels`}
      >
        {laid.map((n) =>
          n.parent ? (
            <path
              key={`e${n.data.id}`}
              d={`M${n.parent.y},${n.parent.x}C${(n.parent.y + n.y) / 2},${n.parent.x} ${(n.parent.y + n.y) / 2},${n.x} ${n.y},${n.x}`}
              fill="none"
              stroke={STATUS_COLOURS[n.data.status]}
              strokeOpacity={0.6}
              strokeWidth={1 + 7 * n.data.prob}
            />
          ) : null,
        )}
        {laid.map((n) => (
          <g key={n.data.id} transform={`translate(${n.y},${n.x})`} onClick={() => toggle(n.data.id)} className="tree-node" data-status={n.data.status}>
            <title>{details(n.data, children.get(n.data.id) ?? [])}</title>
            <circle r={collapsed.has(n.data.id) ? 7 : 5} fill={STATUS_COLOURS[n.data.status]} />
            <text x={9} dy="0.32em">
              {n.data.tokenId === null ? '(prompt)' : `${n.data.text} ${formatProb(n.data.prob)}`}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  )
}
