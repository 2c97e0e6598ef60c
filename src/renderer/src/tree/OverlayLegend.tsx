import type { Translate } from '../i18n/i18n'
import { legendGroups } from './legend-groups'
import type { Overlay } from './merge-runs'
import { PRUNED_STYLE } from './path-style'
import { ForcedLegend } from './TreeShapes'

/** A swatch of a path's line: its colour and dash pattern, thinner for a pruned hypothesis. */
export function PathSwatch({ colour, dash, pruned }: { colour: string; dash?: string; pruned: boolean }) {
  return (
    <svg width="28" height="10" aria-hidden="true">
      <line
        x1="1"
        y1="5"
        x2="27"
        y2="5"
        stroke={colour}
        strokeWidth={pruned ? 1.5 : 3}
        strokeDasharray={dash}
        strokeOpacity={pruned ? 0.75 : 1}
      />
    </svg>
  )
}

interface Props {
  overlay: Overlay
  /** A run's name in the legend ("run 3: beam 4"). */
  runLabel: (id: number) => string
  /** Whether the run returned more than one sequence (its swatches then carry "#n"). */
  several: (id: number) => boolean
  t: Translate
}

/** One entry per run with a swatch per final sequence, one entry for every pruned hypothesis, then what was left out. */
export function OverlayLegend({ overlay, runLabel, several, t }: Props) {
  const groups = legendGroups(overlay)
  const hasForced = overlay.nodes.some((n) => n.forced)
  return (
    <figcaption className="overlay-legend">
      {groups.runs.map((r) => (
        <span key={r.runId} className="legend overlay-run" data-run={r.runId}>
          {!several(r.runId) ? (
            <span
              className="overlay-path"
              data-path={r.sequences[0].path}
              data-colour={r.sequences[0].style.colour}
              data-dash={r.sequences[0].style.dash}
            >
              <PathSwatch colour={r.sequences[0].style.colour} dash={r.sequences[0].style.dash} pruned={false} />
              {runLabel(r.runId)}
            </span>
          ) : (
            <>
              <span className="overlay-run-name">{runLabel(r.runId)}</span>
              {r.sequences.map((s) => (
                <span
                  key={s.path}
                  className="overlay-path"
                  data-path={s.path}
                  data-colour={s.style.colour}
                  data-dash={s.style.dash}
                >
                  <PathSwatch colour={s.style.colour} dash={s.style.dash} pruned={false} />#{s.index + 1}
                </span>
              ))}
            </>
          )}
        </span>
      ))}
      {groups.pruned && (
        <span className="legend overlay-pruned" data-colour={PRUNED_STYLE.colour}>
          <PathSwatch colour={PRUNED_STYLE.colour} pruned />
          {t('legend.pruned', { count: groups.pruned.count })}
        </span>
      )}
      {overlay.runs
        .filter((r) => r.shown < r.total || r.prunedShown < r.prunedTotal)
        .map((r) => (
          <span key={`cap${r.runId}`} className="legend overlay-cap">
            {runLabel(r.runId)}:{r.shown < r.total && ` ${t('tree.overlayCapped', { shown: r.shown, total: r.total })}`}
            {r.prunedShown < r.prunedTotal &&
              ` ${t('tree.overlayPrunedCapped', { shown: r.prunedShown, total: r.prunedTotal })}`}
          </span>
        ))}
      {hasForced && <ForcedLegend label={t('tree.forced')} />}
    </figcaption>
  )
}
