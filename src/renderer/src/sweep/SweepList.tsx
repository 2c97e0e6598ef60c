import { formatStrategy } from '../../../core/strategy-spec'
import { fixedStrategy } from '../../../core/sweep/sweep-grid'
import type { SweepSummary } from '../../../core/sweep/sweep-records'
import { useT } from '../i18n/i18n'

const axesText = (s: SweepSummary): string => s.axes.map((a) => `${a.key}=${a.values.join(',')}`).join('; ')

/** Past sweeps, newest first, each with a button to open it. */
export function SweepList({ sweeps, onOpen }: { sweeps: readonly SweepSummary[]; onOpen: (id: number) => void }) {
  const t = useT()
  return (
    <div className="sweep-list">
      <h3>{t('sweep.past')}</h3>
      {sweeps.length === 0 ? (
        <p className="empty">{t('sweep.pastEmpty')}</p>
      ) : (
        <ul aria-label={t('sweep.past')}>
          {sweeps.map((s) => (
            <li key={s.id}>
              {t('sweep.listRow', {
                id: s.id,
                model: s.model,
                strategy: formatStrategy(fixedStrategy(s.strategy, s.axes)),
                axes: axesText(s),
                prompts: s.prompts,
                done: s.done,
                total: s.total,
              })}{' '}
              <button
                type="button"
                className="link"
                aria-label={t('sweep.openAria', { id: s.id })}
                onClick={() => onOpen(s.id)}
              >
                {t('sweep.open')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
