import { memo } from 'react'
import type { HierarchyPointNode } from 'd3-hierarchy'
import { formatProb } from '../../../core/format'
import { visibleToken } from '../../../core/report/visible-token'
import { STATUS_COLOURS } from '../../../core/status-colours'
import type { ShownNode } from './fold-tree'
import type { Overlay, OverlayNode } from './merge-runs'
import { FORCED_STROKE } from './TreeShapes'

interface Props {
  overlay: Overlay
  /** The nodes in the drawn region (see cullToRegion). */
  nodes: readonly HierarchyPointNode<ShownNode>[]
  selected: number | null
  /** Labels are left out when zoomed out too far to read them. */
  labels: boolean
  prompt: string
  /** A node's tooltip: its token, probabilities and the paths through it. */
  title: (n: OverlayNode) => string
  /** The text of a fold ("+N more (p = …)"). */
  foldLabel: (n: ShownNode) => string
}

/** The overlay's nodes: a circle (dark on a final path, pruned-red otherwise), forced and selected rings, and the label; folds open on click. */
export const OverlayNodes = memo(function OverlayNodes({
  overlay,
  nodes,
  selected,
  labels,
  prompt,
  title,
  foldLabel,
}: Props) {
  return (
    <g className="overlay-nodes">
      {nodes.map((l) => {
        const at = `translate(${l.y},${l.x})`
        if (l.data.fold) {
          return (
            <g key={l.data.id} transform={at} className="overlay-fold" data-id={l.data.id}>
              <title>{foldLabel(l.data)}</title>
              <circle r={4} fill="none" stroke={STATUS_COLOURS.pruned} strokeDasharray="2 2" />
              {labels && (
                <text x={7} y={4} className="overlay-label">
                  {foldLabel(l.data)}
                </text>
              )}
            </g>
          )
        }
        const n = overlay.nodes[l.data.id]
        return (
          <g
            key={n.id}
            transform={at}
            className="overlay-node"
            data-id={n.id}
            data-runs={n.runs.join(' ')}
            data-pruned-by={n.prunedBy.join(' ') || undefined}
            data-paths={n.paths.join(' ')}
            data-forced={n.forced ? 'true' : undefined}
            data-selected={n.id === selected ? 'true' : undefined}
          >
            <title>{title(n)}</title>
            {n.id === selected && (
              <circle r={9.5} fill="none" stroke="currentColor" strokeWidth={1.5} className="overlay-selected-ring" />
            )}
            {n.forced && (
              <circle
                r={7.5}
                className="tree-forced"
                fill="none"
                stroke={FORCED_STROKE}
                strokeWidth={2}
                strokeDasharray="3 2"
              />
            )}
            <circle r={4} fill={n.runs.length > 0 ? '#4b5563' : STATUS_COLOURS.pruned} />
            {labels && (
              <text x={7} y={-8} className="overlay-label">
                {n.parent === null ? prompt : `${visibleToken(n.text)} ${formatProb(n.prob)}`}
              </text>
            )}
          </g>
        )
      })}
    </g>
  )
})
