import { memo } from 'react'
import { visibleToken } from '../../../core/report/visible-token'
import type { HierarchyPointNode } from 'd3-hierarchy'
import { formatProb } from '../../../core/format'
import type { NodeStatus, TreeNode } from '../../../core/types'
import type { ShownNode } from './fold-tree'
import { COLUMN } from './tree-layout'
import { LABEL_MIN_SCALE, labelInView, type View } from './tree-viewport'

interface Props {
  laid: readonly HierarchyPointNode<TreeNode>[]
  status: ReadonlyMap<number, NodeStatus>
  view: View
  width: number
  height: number
  prompt: string
  /** The text of a fold ("+N more (p = …)"). */
  foldLabel: (n: ShownNode) => string
}

/** Token labels of the nodes in view, only when zoomed in enough to read them. Token text is only ever a React text node. */
export const TreeLabels = memo(function TreeLabels({ laid, status, view, width, height, prompt, foldLabel }: Props) {
  if (view.scale < LABEL_MIN_SCALE) return null
  return (
    <g className="tree-labels">
      {laid.map((n) => {
        const s = status.get(n.data.id)
        if (!s || !labelInView(view, width, height, n.y, n.x, COLUMN)) return null
        const fold = (n.data as ShownNode).fold !== undefined
        return (
          <g key={n.data.id} transform={`translate(${n.y},${n.x})`} className={fold ? 'tree-label tree-fold' : 'tree-label'} data-id={n.data.id} data-status={s} data-forced={n.data.forced ? 'true' : undefined}>
            <text x={7} y={-8}>
              {fold ? foldLabel(n.data) : n.data.tokenId === null ? rootLabel(prompt, n.data.text) : `${visibleToken(n.data.text)} ${formatProb(n.data.prob)}`}
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
