import { memo } from 'react'
import type { HierarchyPointNode } from 'd3-hierarchy'
import { formatProb } from '../../../core/format'
import { visibleToken } from '../../../core/report/visible-token'
import type { NodeStatus, TreeNode } from '../../../core/types'
import type { ShownNode } from './fold-tree'

interface Props {
  /** The nodes in the drawn region (see cullToRegion). */
  nodes: readonly HierarchyPointNode<TreeNode>[]
  status: ReadonlyMap<number, NodeStatus>
  prompt: string
  /** The text of a fold ("+N more (p = …)"). */
  foldLabel: (n: ShownNode) => string
}

/**
 * Token and probability beside each drawn node, above and right of its circle, where its own
 * edges (which leave from the circle's centre) do not run; a halo in the canvas colour keeps an
 * edge that crosses it from striking it through. Drawn after the shapes, so always on top.
 */
export const TreeLabels = memo(function TreeLabels({ nodes, status, prompt, foldLabel }: Props) {
  return (
    <g className="tree-labels">
      {nodes.map((n) => {
        const s = status.get(n.data.id)
        if (!s) return null
        const fold = (n.data as ShownNode).fold !== undefined
        return (
          <g
            key={n.data.id}
            transform={`translate(${n.y},${n.x})`}
            className={fold ? 'tree-label tree-fold' : 'tree-label'}
            data-id={n.data.id}
            data-status={s}
            data-forced={n.data.forced ? 'true' : undefined}
          >
            <text x={7} y={-8}>
              {fold
                ? foldLabel(n.data)
                : n.data.tokenId === null
                  ? rootLabel(prompt, n.data.text)
                  : `${visibleToken(n.data.text)} ${formatProb(n.data.prob)}`}
            </text>
          </g>
        )
      })}
    </g>
  )
})

/** The root stands for the prompt; a chat run's root holds the rendered chat prompt, shown by its end (where the generation prompt is). */
function rootLabel(prompt: string, text: string): string {
  if (!text) return prompt
  const shown = [...visibleToken(text)]
  return shown.length > ROOT_LABEL_CHARS ? `…${shown.slice(-ROOT_LABEL_CHARS).join('')}` : shown.join('')
}

const ROOT_LABEL_CHARS = 28
