import { useMemo, useState } from 'react'
import type { RunDetail } from '../../../core/records'
import { runName } from '../app/run-names'
import { SAME_DASH, sameAsEarlier } from '../compare/step-series'
import type { Translate } from '../i18n/i18n'
import { FOCUS_MIN_NODES } from './fold-tree'
import { mergeRuns } from './merge-runs'
import { foldOverlay } from './overlay-fold'
import { layoutTree, treeBounds } from './tree-layout'

/**
 * What the overlay draws, from the experiment's runs: the merged prefix tree, its names, the
 * folding (large overlays open focused on the final paths) and the layout with its bounds, and the
 * cumulative-likelihood series grouped as the legend is.
 */
export function useOverlayModel(runs: readonly RunDetail[], t: Translate) {
  const overlay = useMemo(() => mergeRuns(runs), [runs])
  const [focused, setFocused] = useState(overlay.nodes.length > FOCUS_MIN_NODES)
  const [openFolds, setOpenFolds] = useState<ReadonlySet<number>>(new Set())
  const shown = useMemo(() => foldOverlay(overlay, focused, openFolds), [overlay, focused, openFolds])
  const laid = useMemo(() => layoutTree(shown, new Set()), [shown])
  const bounds = useMemo(() => treeBounds(laid), [laid])
  const position = useMemo(() => new Map(laid.map((n) => [n.data.id, n])), [laid])

  const runOf = useMemo(() => new Map(runs.map((r) => [r.id, r])), [runs])
  const runLabel = (id: number): string => {
    const run = runOf.get(id)
    return t('tree.runLabel', { id, strategy: run ? runName(run, t) : '?' })
  }
  const several = (id: number): boolean => (runOf.get(id)?.sequences.length ?? 0) > 1
  const pathLabel = (i: number): string => {
    const p = overlay.paths[i]
    return p.kind === 'pruned'
      ? t('tree.overlayPrunedPath', { run: runLabel(p.runId), n: p.index + 1 })
      : `${runLabel(p.runId)}${several(p.runId) ? ` #${p.index + 1}` : ''}`
  }

  const series = overlay.paths.map((p, i) => ({
    key: `p${i}`,
    name: pathLabel(i),
    values: p.cumulative,
    colour: p.style.colour,
    dash: p.style.dash,
    thin: p.kind === 'pruned',
    inLegend: p.kind !== 'pruned',
  }))
  // A sequence's curve identical to an earlier one's says so, and a solid one is dashed, instead of hiding under it.
  const same = sameAsEarlier(series)
  const chartSeries = series.map((s, i) => {
    const other = same[i]
    return other === null || !s.inLegend
      ? s
      : { ...s, dash: s.dash ?? SAME_DASH, name: t('compare.sameAs', { name: s.name, other: series[other].name }) }
  })
  const prunedCount = overlay.paths.filter((p) => p.kind === 'pruned').length
  const openFold = (parent: number): void => setOpenFolds((open) => new Set(open).add(parent))
  return {
    overlay,
    focused,
    setFocused,
    openFold,
    laid,
    bounds,
    position,
    runOf,
    runLabel,
    several,
    pathLabel,
    chartSeries,
    prunedCount,
  }
}

export type OverlayModel = ReturnType<typeof useOverlayModel>
