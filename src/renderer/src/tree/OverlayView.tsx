import { lazy, Suspense, useRef, useState } from 'react'
import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { visibleToken } from '../../../core/report/visible-token'
import { useT } from '../i18n/i18n'
import { BranchForm } from './BranchForm'
import type { BranchSpec } from './branch-strategy'
import { foldParent, isFoldId } from './fold-tree'
import { overlayPath } from './merge-runs'
import { OverlayCanvas } from './OverlayCanvas'
import { OverlayLegend } from './OverlayLegend'
import { PRUNED_STYLE } from './path-style'
import { SaveButtons } from './SaveButtons'
import { useOverlayModel } from './use-overlay-model'

// recharts stays out of the first bundle: this panel loads with the page, the chart only in this mode.
const OverlayChart = lazy(() => import('./OverlayChart'))

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
  const [selected, setSelected] = useState<number | null>(null)
  const m = useOverlayModel(runs, t)
  const { overlay } = m
  const onNode = (id: number): void => (isFoldId(id) ? m.openFold(foldParent(id)) : setSelected(id))
  const picked = selected === null ? undefined : overlay.nodes[selected]
  // "This run's strategy" in the branch form: the first run with a sequence through the node, else the first that pruned it.
  const pickedRun = picked && m.runOf.get(picked.runs[0] ?? picked.prunedBy[0])
  const pickedPath = picked ? overlayPath(overlay, picked.id) : null

  return (
    <>
      <figure className="tree overlay" aria-label={t('tree.overlayFigure')}>
        <OverlayLegend overlay={overlay} runLabel={m.runLabel} several={m.several} t={t} />
        <div className="tree-toolbar">
          <span className="hint">{t('tree.overlayHint')}</span>
          <SaveButtons svg={svgRef} name={`tree-experiment-${runs[0]?.experimentId ?? 0}`} />
        </div>
        {picked && pickedPath && (
          <div className="tree-selection" role="group" aria-label={t('tree.selection')}>
            <output className="tree-selected">
              {picked.parent === null
                ? t('tree.prompt')
                : t('tree.selected', { token: visibleToken(picked.text), prob: formatProb(picked.prob) })}
              {picked.forced && ` (${t('tree.forced')})`}
            </output>
            {branch && pickedRun && picked.parent !== null && (
              <BranchForm
                key={picked.id}
                run={pickedRun}
                path={pickedPath.ids}
                pathText={pickedPath.texts}
                busy={branch.busy}
                onBranch={branch.onBranch}
              />
            )}
          </div>
        )}
        <OverlayCanvas m={m} svgRef={svgRef} selected={selected} onNode={onNode} t={t} />
      </figure>
      <Suspense fallback={<p className="empty">…</p>}>
        <OverlayChart
          caption={t('tree.overlayChart')}
          xLabel={t('compare.step')}
          yLabel={t('compare.cumulativeAxis')}
          series={m.chartSeries}
          legendExtra={
            m.prunedCount > 0
              ? { label: t('legend.pruned', { count: m.prunedCount }), colour: PRUNED_STYLE.colour }
              : undefined
          }
        />
      </Suspense>
    </>
  )
}
