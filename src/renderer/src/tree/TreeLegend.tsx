import { STATUS_COLOURS } from '../../../core/status-colours'
import type { NodeStatus } from '../../../core/types'
import { useT } from '../i18n/i18n'
import { ForcedLegend } from './TreeShapes'

const STATUSES = Object.keys(STATUS_COLOURS) as NodeStatus[]

/** The tree's legend: a dot per status, the forced and draft marks when present, and how to use it. */
export function TreeLegend({
  forced,
  draft,
  labelsHidden,
}: {
  forced: boolean
  draft: boolean
  labelsHidden: boolean
}) {
  const t = useT()
  return (
    <figcaption>
      {STATUSES.map((s) => (
        <span key={s} className="legend">
          <svg width="12" height="12" aria-hidden="true">
            <circle cx="6" cy="6" r="5" fill={STATUS_COLOURS[s]} />
          </svg>
          {t(`tree.status.${s}`)}
        </span>
      ))}
      {forced && <ForcedLegend label={t('tree.forced')} />}
      {draft && <span className="legend legend-draft">{t('tree.draftNote')}</span>}
      <span className="hint">
        {t('tree.hint')}
        {labelsHidden && ` ${t('tree.labelsHidden')}`}
      </span>
    </figcaption>
  )
}
