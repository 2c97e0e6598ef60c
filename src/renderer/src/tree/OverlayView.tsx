import { lazy, Suspense, useMemo, useRef } from 'react'
import { stratify, tree as d3tree } from 'd3-hierarchy'
import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { STATUS_COLOURS } from '../../../core/status-colours'
import { useT } from '../i18n/i18n'
import { mergeRuns, type OverlayNode } from './merge-runs'
import { SaveButtons } from './SaveButtons'
import { FORCED_STROKE } from './TreeShapes'
import { COLUMN, ROW } from './tree-layout'

// recharts stays out of the first bundle: this panel loads with the page, the chart only in this mode.
const OverlayChart = lazy(() => import('./OverlayChart'))

/** Vertical gap between the strokes of runs that share an edge. */
const LANE = 3.5

/**
 * Every run of the experiment in one prefix tree: each run's sequences as paths in its colour,
 * pruned beam hypotheses dashed, forced tokens outlined; a cumulative log-likelihood chart per path.
 */
export function OverlayView({ runs }: { runs: readonly RunDetail[] }) {
  const t = useT()
  const svgRef = useRef<SVGSVGElement>(null)
  const overlay = useMemo(() => mergeRuns(runs), [runs])
  const laid = useMemo(() => {
    const root = stratify<OverlayNode>()
      .id((n) => String(n.id))
      .parentId((n) => (n.parent === null ? null : String(n.parent)))(overlay.nodes)
    root.sort((a, b) => b.data.logProb - a.data.logProb || a.data.id - b.data.id)
    return d3tree<OverlayNode>().nodeSize([ROW, COLUMN])(root).descendants()
  }, [overlay])
  const colour = new Map(overlay.runs.map((r) => [r.runId, r.colour]))
  const runOf = new Map(runs.map((r) => [r.id, r]))
  const runLabel = (id: number): string => t('tree.runLabel', { id, strategy: runOf.get(id)?.strategy.name ?? '?' })
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
  const hasPruned = overlay.nodes.some((n) => n.prunedBy.length > 0)
  const hasForced = overlay.nodes.some((n) => n.forced)
  const title = (n: OverlayNode): string =>
    t('tree.overlayDetails', {
      token: n.parent === null ? t('tree.prompt') : n.text,
      prob: formatProb(n.prob),
      cumulative: formatProb(Math.exp(n.logProb)),
      runs: [...n.runs.map(runLabel), ...n.prunedBy.map((id) => `${runLabel(id)} (${t('tree.status.pruned')})`)].join(', '),
    })

  return (
    <>
      <figure className="tree overlay" aria-label={t('tree.overlayFigure')}>
        <figcaption>
          {overlay.runs.map((r) => (
            <span key={r.runId} className="legend overlay-run" data-run={r.runId} data-colour={r.colour}>
              <svg width="22" height="10" aria-hidden="true">
                <line x1="1" y1="5" x2="21" y2="5" stroke={r.colour} strokeWidth={3} />
              </svg>
              {runLabel(r.runId)}
              {r.shown < r.total && ` (${t('tree.overlayCapped', { shown: r.shown, total: r.total })})`}
              {r.prunedShown < r.prunedTotal && ` (${t('tree.overlayPrunedCapped', { shown: r.prunedShown, total: r.prunedTotal })})`}
            </span>
          ))}
          {hasPruned && (
            <span className="legend">
              <svg width="22" height="10" aria-hidden="true">
                <line x1="1" y1="5" x2="21" y2="5" stroke="currentColor" strokeWidth={1.5} strokeDasharray="3 2" />
              </svg>
              {t('tree.overlayPruned')}
            </span>
          )}
          {hasForced && (
            <span className="legend legend-forced">
              <svg width="14" height="14" aria-hidden="true">
                <circle cx="7" cy="7" r="5.5" fill="none" stroke={FORCED_STROKE} strokeWidth={1.5} strokeDasharray="2 2" />
              </svg>
              {t('tree.forced')}
            </span>
          )}
        </figcaption>
        <div className="tree-toolbar">
          <span className="hint">{t('tree.overlayHint')}</span>
          <SaveButtons svg={svgRef} name={`tree-experiment-${runs[0]?.experimentId ?? 0}`} />
        </div>
        <div className="overlay-scroll">
          <svg ref={svgRef} className="tree-canvas" width={width} height={height} viewBox={`-30 ${minX - ROW} ${width} ${height}`} role="img" aria-label={t('tree.image', { nodes: overlay.nodes.length, levels: maxY / COLUMN })}>
            <g className="overlay-edges">
              {laid.flatMap((n) => {
                const p = n.parent
                if (!p) return []
                const midY = (p.y + n.y) / 2
                const lanes = [...n.data.runs.map((id) => ({ id, pruned: false })), ...n.data.prunedBy.map((id) => ({ id, pruned: true }))]
                return lanes.map((lane, i) => {
                  const dy = (i - (lanes.length - 1) / 2) * LANE
                  return (
                    <path
                      key={`${n.data.id}-${lane.id}`}
                      className="overlay-edge"
                      data-run={lane.id}
                      data-pruned={lane.pruned ? 'true' : undefined}
                      d={`M${p.y},${p.x + dy}C${midY},${p.x + dy} ${midY},${n.x + dy} ${n.y},${n.x + dy}`}
                      fill="none"
                      stroke={colour.get(lane.id)}
                      strokeWidth={lane.pruned ? 1.5 : 2.5}
                      strokeDasharray={lane.pruned ? '4 3' : undefined}
                      strokeOpacity={lane.pruned ? 0.7 : 0.9}
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
                data-forced={n.data.forced ? 'true' : undefined}
              >
                <title>{title(n.data)}</title>
                {n.data.forced && <circle r={7.5} className="tree-forced" fill="none" stroke={FORCED_STROKE} strokeWidth={2} strokeDasharray="3 2" />}
                <circle r={4} fill={n.data.runs.length > 0 ? '#4b5563' : STATUS_COLOURS.pruned} />
                <text x={9} dy="0.32em" className="overlay-label">
                  {n.data.parent === null ? t('tree.prompt') : `${n.data.text} ${formatProb(n.data.prob)}`}
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
          series={overlay.paths
            .filter((p) => p.kind === 'sequence')
            .map((p, i) => ({
              key: `p${i}`,
              name: `${runLabel(p.runId)}${(runOf.get(p.runId)?.sequences.length ?? 0) > 1 ? ` #${p.index + 1}` : ''}`,
              values: p.cumulative,
              colour: p.colour,
            }))}
        />
      </Suspense>
    </>
  )
}
