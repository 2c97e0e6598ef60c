import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { visibleToken } from '../../../core/report/visible-token'
import { STATUS_COLOURS } from '../../../core/status-colours'
import type { TreeNode } from '../../../core/types'
import { useT } from '../i18n/i18n'
import type { BranchSpec } from './branch-strategy'
import { foldParent, isFoldId, type ShownNode } from './fold-tree'
import { SaveButtons } from './SaveButtons'
import { StepControls } from './StepControls'
import './tree.css'
import { cullToRegion } from './tree-cull'
import { nodeDetails } from './tree-details'
import { COLUMN } from './tree-layout'
import { maxDepth } from './tree-limits'
import { TreeLabels } from './TreeLabels'
import { TreeLegend } from './TreeLegend'
import { TreeLimitsControls } from './TreeLimitsControls'
import { StepPanel } from './StepPanel'
import { TreeSelection } from './TreeSelection'
import { TreeShapes } from './TreeShapes'
import { TreeViewButtons } from './TreeViewButtons'
import { useElementWidth, useRoomBelow } from './use-element-width'
import { useTreeModel } from './use-tree-model'
import { OPEN_MIN_SCALE, openingCentre } from './tree-viewport'
import { useTreeZoom } from './use-tree-zoom'
import type { ZoomLink } from './zoom-link'

export { STATUS_COLOURS }

interface Props {
  nodes: readonly TreeNode[]
  label?: string
  /** File name, without extension, of saved images. */
  name?: string
  /** Offers "force the path to the selected node and continue" for this run. */
  branch?: { run: RunDetail; busy: boolean; onBranch: (strategy: BranchSpec) => void }
  /** Zooms together with the other trees on the same link. */
  zoomLink?: ZoomLink
  /** The stored run the nodes are of (the step panel's order comparison asks for its steps). */
  run?: RunDetail
}

/**
 * The branch tree of a run, fitted to its pane: edges as thick as their probability, statuses by
 * colour; large trees open focused (other candidates folded); a cut-off and a depth range; collapse,
 * d3-zoom pan and zoom, and a step-through of the search. Only the region around the view is drawn.
 */
export function TreeView({ nodes, label, name = 'tree', branch, zoomLink, run }: Props) {
  const t = useT()
  const m = useTreeModel(nodes)
  const [selected, setSelected] = useState<number | null>(null)
  const title = useCallback((n: ShownNode) => nodeDetails(t, n, m.children.get(n.id) ?? []), [t, m.children])
  const foldLabel = useCallback(
    (n: ShownNode) => (n.fold ? t('tree.more', { count: n.fold.count, p: formatProb(n.fold.mass) }) : ''),
    [t],
  )
  const depth = useMemo(() => maxDepth(nodes), [nodes])

  const box = useRef<HTMLDivElement>(null)
  const width = useElementWidth(box, 900)
  // As tall as the tree needs, up to what the window shows below the toolbar (never under 240 px).
  const room = useRoomBelow(box, 640)
  const height = Math.max(240, Math.min(640, room, m.bounds.maxX - m.bounds.minX + 80))
  const { bounds } = m
  const extent = useMemo(() => ({ minX: 0, maxX: bounds.maxY, minY: bounds.minX, maxY: bounds.maxX }), [bounds])
  const svgRef = useRef<SVGSVGElement>(null)
  const layerRef = useRef<SVGGElement>(null)
  const centre = useMemo(
    () =>
      openingCentre(
        m.laid.filter((n) => n.data.status === 'chosen').map((n) => ({ x: n.y, y: n.x })),
        width / OPEN_MIN_SCALE,
        height / OPEN_MIN_SCALE,
      ),
    [m.laid, width, height],
  )
  const { region, labels, commands } = useTreeZoom(svgRef, layerRef, extent, centre, width, height, zoomLink)
  const drawn = useMemo(() => cullToRegion(m.laid, region), [m.laid, region])

  const onClick = (e: MouseEvent<SVGSVGElement>): void => {
    const id = (e.target as Element).closest('[data-id]')?.getAttribute('data-id')
    if (id === null || id === undefined) return
    const n = Number(id)
    if (isFoldId(n)) m.openFold(foldParent(n))
    else setSelected(n)
  }
  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>): void => {
    const to = { ArrowLeft: m.step - 1, ArrowRight: m.step + 1, Home: 0, End: m.steps }[e.key]
    if (to === undefined) return
    e.preventDefault()
    m.setStep(Math.max(0, Math.min(m.steps, to)))
  }

  if (m.laid.length === 0) return null
  const currentNode = m.current === null ? null : m.byId.get(m.current)
  const selectedNode = selected === null ? undefined : m.byId.get(selected)
  const selectedAt = selected === null ? undefined : m.position.get(selected)
  return (
    <figure className="tree" aria-label={label ?? t('tree.figure')}>
      <TreeLegend forced={nodes.some((n) => n.forced)} draft={nodes.some((n) => n.draft)} labelsHidden={!labels} />
      <div className="tree-toolbar">
        <StepControls
          step={m.step}
          steps={m.steps}
          expanded={
            currentNode ? (currentNode.tokenId === null ? t('tree.prompt') : visibleToken(currentNode.text)) : null
          }
          onStep={m.setStep}
        />
        <TreeViewButtons
          focused={m.focused}
          onFocused={m.setFocused}
          onFit={commands.fit}
          onReset={commands.reset}
          onGoToSelected={selectedAt ? () => commands.centre(selectedAt.y, selectedAt.x) : undefined}
        />
        <TreeLimitsControls limits={m.limits} depth={depth} onLimits={m.setLimits} />
        <SaveButtons svg={svgRef} name={name} />
      </div>
      {selectedNode && (
        <TreeSelection
          node={selectedNode}
          byId={m.byId}
          hasChildren={(m.children.get(selectedNode.id)?.length ?? 0) > 0}
          collapsed={m.collapsed.has(selectedNode.id)}
          onToggle={() => m.toggle(selectedNode.id)}
          branch={branch}
        />
      )}
      {selectedNode && <StepPanel nodes={nodes} selected={selectedNode} run={run ?? branch?.run} />}
      <div ref={box} className="tree-box">
        <svg
          ref={svgRef}
          className="tree-canvas"
          width={width}
          height={height}
          onClick={onClick}
          onKeyDown={onKeyDown}
          tabIndex={0}
          role="img"
          aria-label={t('tree.image', { nodes: nodes.length, levels: m.bounds.maxY / COLUMN })}
        >
          <g ref={layerRef} className="tree-layer">
            <TreeShapes
              nodes={drawn.nodes}
              edges={drawn.edges}
              status={m.status}
              current={m.current}
              collapsed={m.collapsed}
              title={title}
            />
            {selectedAt && (
              <circle
                cx={selectedAt.y}
                cy={selectedAt.x}
                r={13}
                className="tree-selected-ring"
                fill="none"
                stroke="currentColor"
                strokeWidth={2}
                pointerEvents="none"
              />
            )}
            {labels && (
              <TreeLabels nodes={drawn.nodes} status={m.status} prompt={t('tree.prompt')} foldLabel={foldLabel} />
            )}
          </g>
        </svg>
      </div>
    </figure>
  )
}
