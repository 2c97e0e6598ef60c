import { lazy, Suspense, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react'
import { visibleToken } from '../../../core/report/visible-token'
import { stratify, tree as d3tree } from 'd3-hierarchy'
import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { STATUS_COLOURS } from '../../../core/status-colours'
import { runName } from '../app/run-names'
import { SAME_DASH, sameAsEarlier } from '../compare/step-series'
import { useT } from '../i18n/i18n'
import { BranchForm } from './BranchForm'
import type { BranchSpec } from './branch-strategy'
import { mergeRuns, overlayPath, type OverlayNode } from './merge-runs'
import { OverlayLegend } from './OverlayLegend'
import { laneOffsets, PRUNED_STYLE } from './path-style'
import { SaveButtons } from './SaveButtons'
import { FORCED_STROKE } from './TreeShapes'
import { COLUMN, ROW } from './tree-layout'
import { openingCentre } from './tree-viewport'

// recharts stays out of the first bundle: this panel loads with the page, the chart only in this mode.
const OverlayChart = lazy(() => import('./OverlayChart'))

/** Gap between the lines of paths that share an edge, and the widest a bundle of them may spread. */
const LANE = 3.5
const SPREAD = ROW * 0.8

interface Props {
  runs: readonly RunDetail[]
  /** Offers "force the path to the selected node and continue" as a new run of the experiment. */
  branch?: { busy: boolean; onBranch: (strategy: BranchSpec) => void }
}

/**
 * Every run of the experiment in one prefix tree: each path (greedy's, every beam hypothesis with
 * the pruned ones, every sample, every forced branch) in its own colour and dash, forced tokens
 * outlined; click a node to branch from it; a cumulative log-likelihood chart per path.
 */
export function OverlayView({ runs, branch }: Props) {
  const t = useT()
  const svgRef = useRef<SVGSVGElement>(null)
  const scrollRef = useRef<HTMLDivElement>(null)
  const [selected, setSelected] = useState<number | null>(null)
  const overlay = useMemo(() => mergeRuns(runs), [runs])
  const prunedCount = overlay.paths.filter((p) => p.kind === 'pruned').length
  const laid = useMemo(() => {
    const root = stratify<OverlayNode>()
      .id((n) => String(n.id))
      .parentId((n) => (n.parent === null ? null : String(n.parent)))(overlay.nodes)
    root.sort((a, b) => b.data.logProb - a.data.logProb || a.data.id - b.data.id)
    return d3tree<OverlayNode>().nodeSize([ROW, COLUMN])(root).descendants()
  }, [overlay])
  const runOf = new Map(runs.map((r) => [r.id, r]))
  const runLabel = (id: number): string => {
    const run = runOf.get(id)
    return t('tree.runLabel', { id, strategy: run ? runName(run, t) : '?' })
  }
  const several = (id: number): boolean => (runOf.get(id)?.sequences.length ?? 0) > 1
  const pathLabel = (i: number): string => {
    const p = overlay.paths[i]
    return p.kind === 'pruned' ? t('tree.overlayPrunedPath', { run: runLabel(p.runId), n: p.index + 1 }) : `${runLabel(p.runId)}${several(p.runId) ? ` #${p.index + 1}` : ''}`
  }
  let minX = 0
  let maxX = 0
  let maxY = 0
  for (const n of laid) {
    minX = Math.min(minX, n.x)
    maxX = Math.max(maxX, n.x)
    maxY = Math.max(maxY, n.y)
  }
  const width = maxY + COLUMN + 60
  const height = maxX - minX + 2 * ROW
  const rootTop = ROW - minX
  const title = (n: OverlayNode): string =>
    t('tree.overlayDetails', {
      token: n.parent === null ? t('tree.prompt') : visibleToken(n.text),
      prob: formatProb(n.prob),
      cumulative: formatProb(Math.exp(n.logProb)),
      runs: n.paths.map(pathLabel).join(', '),
    })
  // Centred on the final sequences' paths in the first screen, the root kept in sight (as the tree opens).
  const finals = useMemo(() => laid.filter((n) => n.data.runs.length > 0).map((n) => ({ x: n.y, y: n.x })), [laid])
  useLayoutEffect(() => {
    const box = scrollRef.current
    if (box) box.scrollTop = Math.max(0, rootTop + openingCentre(finals, box.clientWidth, box.clientHeight) - box.clientHeight / 2)
  }, [rootTop, finals])
  const series = overlay.paths.map((p, i) => ({ key: `p${i}`, name: pathLabel(i), values: p.cumulative, colour: p.style.colour, dash: p.style.dash, thin: p.kind === 'pruned', inLegend: p.kind !== 'pruned' }))
  // A sequence's curve identical to an earlier one's says so, and a solid one is dashed, instead of hiding under it.
  const same = sameAsEarlier(series)
  const chartSeries = series.map((s, i) => {
    const other = same[i]
    return other === null || !s.inLegend ? s : { ...s, dash: s.dash ?? SAME_DASH, name: t('compare.sameAs', { name: s.name, other: series[other].name }) }
  })
  const onClick = (e: MouseEvent<SVGSVGElement>): void => {
    const id = (e.target as Element).closest('[data-id]')?.getAttribute('data-id')
    if (id !== null && id !== undefined) setSelected(Number(id))
  }
  const picked = selected === null ? undefined : overlay.nodes[selected]
  // "This run's strategy" in the branch form: the first run with a sequence through the node, else the first that pruned it.
  const pickedRun = picked && runOf.get(picked.runs[0] ?? picked.prunedBy[0])
  const pickedPath = picked ? overlayPath(overlay, picked.id) : null

  return (
    <>
      <figure className="tree overlay" aria-label={t('tree.overlayFigure')}>
        <OverlayLegend overlay={overlay} runLabel={runLabel} several={several} t={t} />
        <div className="tree-toolbar">
          <span className="hint">{t('tree.overlayHint')}</span>
          <SaveButtons svg={svgRef} name={`tree-experiment-${runs[0]?.experimentId ?? 0}`} />
        </div>
        {picked && pickedPath && (
          <div className="tree-selection" role="group" aria-label={t('tree.selection')}>
            <output className="tree-selected">
              {picked.parent === null ? t('tree.prompt') : t('tree.selected', { token: visibleToken(picked.text), prob: formatProb(picked.prob) })}
              {picked.forced && ` (${t('tree.forced')})`}
            </output>
            {branch && pickedRun && picked.parent !== null && (
              <BranchForm key={picked.id} run={pickedRun} path={pickedPath.ids} pathText={pickedPath.texts} busy={branch.busy} onBranch={branch.onBranch} />
            )}
          </div>
        )}
        <div className="overlay-scroll" ref={scrollRef}>
          <svg
            ref={svgRef}
            className="tree-canvas"
            width={width}
            height={height}
            viewBox={`-30 ${minX - ROW} ${width} ${height}`}
            role="img"
            aria-label={t('tree.image', { nodes: overlay.nodes.length, levels: maxY / COLUMN })}
            onClick={onClick}
          >
            <g className="overlay-edges">
              {laid.flatMap((n) => {
                const p = n.parent
                if (!p) return []
                const midY = (p.y + n.y) / 2
                const offsets = laneOffsets(n.data.paths.length, LANE, SPREAD)
                return n.data.paths.map((i, lane) => {
                  const path = overlay.paths[i]
                  const pruned = path.kind === 'pruned'
                  const dy = offsets[lane]
                  return (
                    <path
                      key={`${n.data.id}-${i}`}
                      className="overlay-edge"
                      data-path={i}
                      data-run={path.runId}
                      data-pruned={pruned ? 'true' : undefined}
                      d={`M${p.y},${p.x + dy}C${midY},${p.x + dy} ${midY},${n.x + dy} ${n.y},${n.x + dy}`}
                      fill="none"
                      stroke={path.style.colour}
                      strokeWidth={pruned ? 1.25 : 2.25}
                      strokeDasharray={path.style.dash}
                      strokeOpacity={pruned ? 0.65 : 0.9}
                    />
                  )
                })
              })}
            </g>
            {laid.map((n) => (
              <g
                key={n.data.id}
                transform={`translate(${n.y},${n.x})`}
                className="overlay-node"
                data-id={n.data.id}
                data-runs={n.data.runs.join(' ')}
                data-pruned-by={n.data.prunedBy.join(' ') || undefined}
                data-paths={n.data.paths.join(' ')}
                data-forced={n.data.forced ? 'true' : undefined}
                data-selected={n.data.id === selected ? 'true' : undefined}
              >
                <title>{title(n.data)}</title>
                {n.data.id === selected && <circle r={9.5} fill="none" stroke="currentColor" strokeWidth={1.5} />}
                {n.data.forced && <circle r={7.5} className="tree-forced" fill="none" stroke={FORCED_STROKE} strokeWidth={2} strokeDasharray="3 2" />}
                <circle r={4} fill={n.data.runs.length > 0 ? '#4b5563' : STATUS_COLOURS.pruned} />
                <text x={7} y={-8} className="overlay-label">
                  {n.data.parent === null ? t('tree.prompt') : `${visibleToken(n.data.text)} ${formatProb(n.data.prob)}`}
                </text>
              </g>
            ))}
          </svg>
        </div>
      </figure>
      <Suspense fallback={<p className="empty">…</p>}>
        <OverlayChart
          caption={t('tree.overlayChart')}
          xLabel={t('compare.step')}
          yLabel={t('compare.cumulativeAxis')}
          series={chartSeries}
          legendExtra={prunedCount > 0 ? { label: t('legend.pruned', { count: prunedCount }), colour: PRUNED_STYLE.colour } : undefined}
        />
      </Suspense>
    </>
  )
}
