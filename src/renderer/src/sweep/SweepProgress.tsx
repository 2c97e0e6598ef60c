import type { EventPayload } from '../../../core/contract'
import { useT } from '../i18n/i18n'
import { formatTimeLeft } from './duration'

interface Props {
  progress: EventPayload<'sweep.progress'> | null
  cancelling: boolean
  onCancel: () => void
}

/** The running sweep: cells done of all, time left, and its cancel button. */
export function SweepProgress({ progress, cancelling, onCancel }: Props) {
  const t = useT()
  const done = progress?.done ?? 0
  const total = progress?.total ?? 0
  const eta = progress?.etaMs ?? null
  return (
    <section className="live sweep-progress" aria-label={t('sweep.progressLabel')}>
      <progress max={Math.max(total, 1)} value={done} aria-label={t('sweep.progressLabel')} />
      <p>
        <span className="sweep-count">{t('sweep.progress', { done, total })}</span> ·{' '}
        {eta === null ? t('sweep.timeLeftUnknown') : t('sweep.timeLeft', { time: formatTimeLeft(eta, t) })}
      </p>
      <button type="button" disabled={cancelling} onClick={onCancel}>
        {cancelling ? t('sweep.cancelling') : t('sweep.cancel')}
      </button>
    </section>
  )
}
