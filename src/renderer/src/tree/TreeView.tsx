import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react'
import { visibleToken } from '../../../core/report/visible-token'
import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { STATUS_COLOURS } from '../../../core/status-colours'
import type { NodeStatus, TreeNode } from '../../../core/types'
import { useT, type Translate } from '../i18n/i18n'
import { BranchForm } from './BranchForm'
import type { BranchSpec } from './branch-strategy'
import { pathNodes } from './node-path'
import { SaveButtons } from './SaveButtons'
import { StepControls } from './StepControls'
import './tree.css'
import { TreeLabels } from './TreeLabels'
import { ForcedLegend, TreeShapes } from './TreeShapes'
import { COLUMN, layoutTree, treeBounds } from './tree-layout'
import { expansionPlan, stepState } from './tree-steps'
import { LABEL_MIN_SCALE, needsRegion, panBy, regionAround, viewBox, zoomAt, type Region, type View } from './tree-viewport'

export { STATUS_COLOURS }

const STATUSES = Object.keys(STATUS_COLOURS) as NodeStatus[]
/** A press that moves further than this (pixels) is a drag, not a click on a node. */
const CLICK_SLOP = 4

function details(t: Translate, n: TreeNode, children: readonly TreeNode[]): string {
  const lines = [
    t('tree.details', {
      token: n.tokenId === null ? t('tree.prompt') : visibleToken(n.text),
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
  /** Pixel width of the drawing. */
  width?: number
  label?: string
  /** File name, without extension, of saved images. */
  name?: string
  /** Offers "force the path to the selected node and continue" for this run. */
  branch?: { run: RunDetail; busy: boolean; onBranch: (strategy: BranchSpec) => void }
}

/**
 * The branch tree of a run: edges as thick as their probability, statuses by colour, collapsible,
 * zoom and pan, and a step-through of the search. The layout is computed once per tree and
 * collapse state; pan and zoom only move the viewBox (coalesced to one update per frame).
 */
export function TreeView({ nodes, width = 900, label, name = 'tree', branch }: Props) {
  const t = useT()
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set())
  const [selected, setSelected] = useState<number | null>(null)
  const laid = useMemo(() => layoutTree(nodes, collapsed), [nodes, collapsed])
  const bounds = useMemo(() => treeBounds(laid), [laid])
  const plan = useMemo(() => expansionPlan(nodes), [nodes])
  const steps = plan.order.length
  const [step, setStep] = useState(steps)
  const { status, current } = useMemo(() => stepState(nodes, plan, step), [nodes, plan, step])
  const children = useMemo(() => {
    const map = new Map<number, TreeNode[]>()
    for (const n of nodes) if (n.parent !== null) map.set(n.parent, [...(map.get(n.parent) ?? []), n])
    for (const list of map.values()) list.sort((a, b) => a.rank - b.rank)
    return map
  }, [nodes])
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes])
  const title = useCallback((n: TreeNode) => details(t, n, children.get(n.id) ?? []), [t, children])

  const height = Math.max(200, Math.min(700, bounds.maxX - bounds.minX + 60))
  // A tree that fits shows whole from its top; a taller one opens centred on the prompt.
  const [view, setView] = useState<View>(() => ({ x: -40, y: bounds.maxX - bounds.minX + 60 <= 700 ? bounds.minX - 30 : -height / 2, scale: 1 }))
  const [region, setRegion] = useState<Region>(() => regionAround(view, width, height))
  // Adjusting state while rendering (React's pattern for state derived from other state): no extra commit.
  if (needsRegion(region, view, width, height)) setRegion(regionAround(view, width, height))
  const svgRef = useRef<SVGSVGElement>(null)
  const pending = useRef<((v: View) => View)[]>([])
  const frame = useRef(0)
  const change = useCallback((f: (v: View) => View) => {
    pending.current.push(f)
    if (frame.current) return
    frame.current = requestAnimationFrame(() => {
      frame.current = 0
      const fs = pending.current.splice(0)
      setView((v) => fs.reduce((acc, g) => g(acc), v))
    })
  }, [])
  useEffect(() => () => cancelAnimationFrame(frame.current), [])

  // React's wheel listener is passive; this one may stop the page from scrolling while zooming.
  useEffect(() => {
    const svg = svgRef.current
    if (!svg) return
    const onWheel = (e: globalThis.WheelEvent): void => {
      e.preventDefault()
      const box = svg.getBoundingClientRect()
      change((v) => zoomAt(v, e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - box.left, e.clientY - box.top))
    }
    svg.addEventListener('wheel', onWheel, { passive: false })
    return () => svg.removeEventListener('wheel', onWheel)
  }, [change])

  const drag = useRef<{ x: number; y: number; moved: number } | null>(null)
  const onPointerDown = (e: PointerEvent<SVGSVGElement>): void => {
    drag.current = { x: e.clientX, y: e.clientY, moved: 0 }
  }
  const onPointerMove = (e: PointerEvent<SVGSVGElement>): void => {
    const d = drag.current
    if (!d || e.buttons === 0) return
    const dx = e.clientX - d.x
    const dy = e.clientY - d.y
    drag.current = { x: e.clientX, y: e.clientY, moved: d.moved + Math.abs(dx) + Math.abs(dy) }
    if (drag.current.moved > CLICK_SLOP) {
      if (!e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.setPointerCapture(e.pointerId)
      change((v) => panBy(v, dx, dy))
    }
  }
  const onClick = (e: MouseEvent<SVGSVGElement>): void => {
    const wasDrag = (drag.current?.moved ?? 0) > CLICK_SLOP
    drag.current = null
    if (wasDrag) return
    const id = (e.target as Element).closest('[data-id]')?.getAttribute('data-id')
    if (id === null || id === undefined) return
    setSelected(Number(id))
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
  const selectedPath = selectedNode ? pathNodes(byId, selectedNode.id) : []
  const hasForced = nodes.some((n) => n.forced)
  const hasDraft = nodes.some((n) => n.draft)
  return (
    <figure className="tree" aria-label={label ?? t('tree.figure')}>
      <figcaption>
        {STATUSES.map((s) => (
          <span key={s} className="legend">
            <svg width="12" height="12" aria-hidden="true">
              <circle cx="6" cy="6" r="5" fill={STATUS_COLOURS[s]} />
            </svg>
            {t(`tree.status.${s}`)}
          </span>
        ))}
        {hasForced && <ForcedLegend label={t('tree.forced')} />}
        {hasDraft && <span className="legend legend-draft">{t('tree.draftNote')}</span>}
        <span className="hint">
          {t('tree.hint')}
          {view.scale < LABEL_MIN_SCALE && ` ${t('tree.labelsHidden')}`}
        </span>
      </figcaption>
      <div className="tree-toolbar">
        <StepControls step={step} steps={steps} expanded={currentNode ? (currentNode.tokenId === null ? t('tree.prompt') : visibleToken(currentNode.text)) : null} onStep={setStep} />
        <SaveButtons svg={svgRef} name={name} />
      </div>
      {selectedNode && (
        <div className="tree-selection" role="group" aria-label={t('tree.selection')}>
          <output className="tree-selected">
            {selectedNode.tokenId === null ? t('tree.prompt') : t('tree.selected', { token: visibleToken(selectedNode.text), prob: formatProb(selectedNode.prob) })}
            {selectedNode.forced && ` (${t('tree.forced')})`}
          </output>
          {(children.get(selectedNode.id)?.length ?? 0) > 0 && (
            <button type="button" onClick={() => toggle(selectedNode.id)}>
              {collapsed.has(selectedNode.id) ? t('tree.expand') : t('tree.collapse')}
            </button>
          )}
          {branch && selectedNode.parent !== null && (
            <BranchForm
              key={selectedNode.id}
              run={branch.run}
              path={selectedPath.map((n) => n.tokenId as number)}
              pathText={selectedPath.map((n) => n.text)}
              busy={branch.busy}
              onBranch={branch.onBranch}
            />
          )}
        </div>
      )}
      <svg
        ref={svgRef}
        className="tree-canvas"
        width={width}
        height={height}
        viewBox={viewBox(view, width, height)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onClick={onClick}
        onKeyDown={onKeyDown}
        tabIndex={0}
        role="img"
        aria-label={t('tree.image', { nodes: nodes.length, levels: bounds.maxY / COLUMN })}
      >
        <TreeShapes laid={laid} status={status} current={current} selected={selected} collapsed={collapsed} title={title} region={region} />
        <TreeLabels laid={laid} status={status} view={view} width={width} height={height} prompt={t('tree.prompt')} />
      </svg>
    </figure>
  )
}
