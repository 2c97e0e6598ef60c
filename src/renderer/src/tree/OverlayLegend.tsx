import type { Translate } from '../i18n/i18n'
import type { Overlay } from './merge-runs'
import { ForcedLegend } from './TreeShapes'

/** A swatch of a path's line: its colour and dash pattern, thinner for a pruned hypothesis. */
export function PathSwatch({ colour, dash, pruned }: { colour: string; dash?: string; pruned: boolean }) {
  return (
    <svg width="28" height="10" aria-hidden="true">
      <line x1="1" y1="5" x2="27" y2="5" stroke={colour} strokeWidth={pruned ? 1.5 : 3} strokeDasharray={dash} strokeOpacity={pruned ? 0.75 : 1} />
    </svg>
  )
}

/** One entry per path (its label, colour and dash), then what was left out and what the marks mean. */
export function OverlayLegend({ overlay, label, runLabel, t }: { overlay: Overlay; label: (i: number) => string; runLabel: (id: number) => string; t: Translate }) {
  const hasPruned = overlay.paths.some((p) => p.kind === 'pruned')
  const hasForced = overlay.nodes.some((n) => n.forced)
  return (
    <figcaption className="overlay-legend">
      {overlay.paths.map((p, i) => (
        <span key={i} className="legend overlay-path" data-path={i} data-run={p.runId} data-kind={p.kind} data-colour={p.style.colour} data-dash={p.style.dash}>
          <PathSwatch colour={p.style.colour} dash={p.style.dash} pruned={p.kind === 'pruned'} />
          {label(i)}
        </span>
      ))}
      {overlay.runs
        .filter((r) => r.shown < r.total || r.prunedShown < r.prunedTotal)
        .map((r) => (
          <span key={`cap${r.runId}`} className="legend overlay-cap">
            {runLabel(r.runId)}:{r.shown < r.total && ` ${t('tree.overlayCapped', { shown: r.shown, total: r.total })}`}
            {r.prunedShown < r.prunedTotal && ` ${t('tree.overlayPrunedCapped', { shown: r.prunedShown, total: r.prunedTotal })}`}
          </span>
        ))}
      {hasPruned && (
        <span className="legend">
          <PathSwatch colour="currentColor" pruned />
          {t('tree.overlayPruned')}
        </span>
      )}
      {hasForced && <ForcedLegend label={t('tree.forced')} />}
    </figcaption>
  )
}
