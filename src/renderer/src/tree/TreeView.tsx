import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react'
import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { visibleToken } from '../../../core/report/visible-token'
import { STATUS_COLOURS } from '../../../core/status-colours'
import type { NodeStatus, TreeNode } from '../../../core/types'
import { useT, type Translate } from '../i18n/i18n'
import type { BranchSpec } from './branch-strategy'
import { FOCUS_MIN_NODES, foldParent, foldTree, isFoldId, type ShownNode } from './fold-tree'
import { SaveButtons } from './SaveButtons'
import { StepControls } from './StepControls'
import './tree.css'
import { TreeLabels } from './TreeLabels'
import { TreeLegend } from './TreeLegend'
import { TreeSelection } from './TreeSelection'
import { TreeShapes } from './TreeShapes'
import { TreeViewButtons } from './TreeViewButtons'
import { COLUMN, layoutTree, treeBounds } from './tree-layout'
import { expansionPlan, stepState } from './tree-steps'
import { LABEL_MIN_SCALE, viewBox } from './tree-viewport'
import { useElementWidth, useTreeViewport } from './use-tree-viewport'

export { STATUS_COLOURS }

function details(t: Translate, n: ShownNode, children: readonly TreeNode[]): string {
  if (n.fold) return t('tree.moreTitle', { count: n.fold.count, p: formatProb(n.fold.mass) })
  const lines = [
    t('tree.details', {
      token: n.tokenId === null ? (n.text ? `${t('tree.prompt')}: ${visibleToken(n.text)}` : t('tree.prompt')) : visibleToken(n.text),
      prob: formatProb(n.prob),
      cumulative: formatProb(Math.exp(n.logProb)),
      status: t(`tree.status.${n.status}`),
    }),
  ]
  if (n.forced) lines.push(t('tree.detailsForced'))
  if (n.draft) lines.push(t('tree.detailsDraft', { proposed: n.draft.proposed, accepted: n.draft.accepted, rejected: n.draft.rejected }))
  if (n.expanded) {
    lines.push(t('tree.detailsDistribution', { entropy: n.entropy?.toFixed(3) ?? '?', other: formatProb(n.otherMass ?? 0) }) + (n.partial ? t('tree.partial') : ''))
    for (const c of children.slice(0, 10)) lines.push(`  ${visibleToken(c.text)}  ${formatProb(c.prob)}`)
  }
  return lines.join('\n')
}

interface Props {
  nodes: readonly TreeNode[]
  label?: string
  /** File name, without extension, of saved images. */
  name?: string
  /** Offers "force the path to the selected node and continue" for this run. */
  branch?: { run: RunDetail; busy: boolean; onBranch: (strategy: BranchSpec) => void }
}

/**
 * The branch tree of a run, fitted to its pane: edges as thick as their probability, statuses by
 * colour; large trees open focused (other candidates folded); collapsible, zoom and pan, and a
 * step-through of the search. Layout once per tree, focus and collapse state; pan and zoom only move the viewBox.
 */
export function TreeView({ nodes, label, name = 'tree', branch }: Props) {
  const t = useT()
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set())
  const [focused, setFocused] = useState(nodes.length > FOCUS_MIN_NODES)
  const [openFolds, setOpenFolds] = useState<ReadonlySet<number>>(new Set())
  const [selected, setSelected] = useState<number | null>(null)
  const shown = useMemo(() => (focused ? foldTree(nodes, openFolds) : nodes), [nodes, focused, openFolds])
  const laid = useMemo(() => layoutTree(shown, collapsed), [shown, collapsed])
  const bounds = useMemo(() => treeBounds(laid), [laid])
  const plan = useMemo(() => expansionPlan(nodes), [nodes])
  const steps = plan.order.length
  const [step, setStep] = useState(steps)
  const { status, current } = useMemo(() => {
    const state = stepState(nodes, plan, step)
    // A fold shows while its parent does.
    const withFolds = new Map<number, NodeStatus>(state.status)
    for (const n of shown) if (isFoldId(n.id) && n.parent !== null && state.status.has(n.parent)) withFolds.set(n.id, 'candidate')
    return { status: withFolds, current: state.current }
  }, [nodes, plan, step, shown])
  const children = useMemo(() => {
    const map = new Map<number, TreeNode[]>()
    for (const n of nodes) if (n.parent !== null) map.set(n.parent, [...(map.get(n.parent) ?? []), n])
    for (const list of map.values()) list.sort((a, b) => a.rank - b.rank)
    return map
  }, [nodes])
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes])
  const title = useCallback((n: ShownNode) => details(t, n, children.get(n.id) ?? []), [t, children])
  const foldLabel = useCallback((n: ShownNode) => (n.fold ? t('tree.more', { count: n.fold.count, p: formatProb(n.fold.mass) }) : ''), [t])

  const box = useRef<HTMLDivElement>(null)
  const width = useElementWidth(box, 900)
  const height = Math.max(240, Math.min(640, bounds.maxX - bounds.minX + 80))
  const extent = { minX: 0, maxX: bounds.maxY, minY: bounds.minX, maxY: bounds.maxX }
  const svgRef = useRef<SVGSVGElement>(null)
  const { view, region, pointer, endPress, commands } = useTreeViewport(svgRef, extent, width, height)
  const position = useMemo(() => new Map(laid.map((n) => [n.data.id, n])), [laid])

  const onClick = (e: MouseEvent<SVGSVGElement>): void => {
    if (endPress()) return
    const id = (e.target as Element).closest('[data-id]')?.getAttribute('data-id')
    if (id === null || id === undefined) return
    const n = Number(id)
    if (isFoldId(n)) setOpenFolds((open) => new Set(open).add(foldParent(n)))
    else setSelected(n)
  }
  const toggle = (id: number): void =>
    setCollapsed((c) => {
      const next = new Set(c)
      if (!next.delete(id)) next.add(id)
      return next
    })
  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>): void => {
    const to = { ArrowLeft: step - 1, ArrowRight: step + 1, Home: 0, End: steps }[e.key]
    if (to === undefined) return
    e.preventDefault()
    setStep(Math.max(0, Math.min(steps, to)))
  }

  if (laid.length === 0) return null
  const currentNode = current === null ? null : byId.get(current)
  const selectedNode = selected === null ? undefined : byId.get(selected)
  const selectedAt = selected === null ? undefined : position.get(selected)
  return (
    <figure className="tree" aria-label={label ?? t('tree.figure')}>
      <TreeLegend forced={nodes.some((n) => n.forced)} draft={nodes.some((n) => n.draft)} labelsHidden={view.scale < LABEL_MIN_SCALE} />
      <div className="tree-toolbar">
        <StepControls step={step} steps={steps} expanded={currentNode ? (currentNode.tokenId === null ? t('tree.prompt') : visibleToken(currentNode.text)) : null} onStep={setStep} />
        <TreeViewButtons
          focused={focused}
          onFocused={setFocused}
          onFit={commands.fit}
          onReset={commands.reset}
          onGoToSelected={selectedAt ? () => commands.centre(selectedAt.y, selectedAt.x) : undefined}
        />
        <SaveButtons svg={svgRef} name={name} />
      </div>
      {selectedNode && (
        <TreeSelection node={selectedNode} byId={byId} hasChildren={(children.get(selectedNode.id)?.length ?? 0) > 0} collapsed={collapsed.has(selectedNode.id)} onToggle={() => toggle(selectedNode.id)} branch={branch} />
      )}
      <div ref={box} className="tree-box">
        <svg
          ref={svgRef}
          className="tree-canvas"
          width={width}
          height={height}
          viewBox={viewBox(view, width, height)}
          {...pointer}
          onClick={onClick}
          onKeyDown={onKeyDown}
          tabIndex={0}
          role="img"
          aria-label={t('tree.image', { nodes: nodes.length, levels: bounds.maxY / COLUMN })}
        >
          <TreeShapes laid={laid} status={status} current={current} selected={selected} collapsed={collapsed} title={title} region={region} />
          <TreeLabels laid={laid} status={status} view={view} width={width} height={height} prompt={t('tree.prompt')} foldLabel={foldLabel} />
        </svg>
      </div>
    </figure>
  )
}
