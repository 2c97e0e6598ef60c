import { visibleToken } from '../../../core/report/visible-token'
import { useT } from '../i18n/i18n'
import type { Live } from './use-live-job'

/** A bar per run of the job being decoded, with the text so far, and the cancel button. */
export function LiveProgress({ live, onCancel }: { live: Live; onCancel: () => void }) {
  const t = useT()
  return (
    <section className="live" aria-label={t('app.progressLabel')}>
      {[...live.runs.entries()].map(([id, r]) => (
        <div key={id} className="live-run">
          <span className="live-label">
            {t('app.progress', { label: r.label, step: r.step, max: r.maxTokens })} ({t(`history.status.${r.status}`)})
          </span>
          <progress
            max={Math.max(r.maxTokens, 1)}
            value={r.step}
            aria-label={t('shell.progressRun', { label: r.label, step: r.step, max: r.maxTokens })}
          />
          <span className="tokens">{visibleToken(r.text)}</span>
        </div>
      ))}
      <button
        type="button"
        title={t('app.cancelTitle')}
        aria-keyshortcuts="Escape"
        disabled={live.cancelling}
        onClick={onCancel}
      >
        {live.cancelling ? t('app.cancelling') : t('app.cancel')}
      </button>
    </section>
  )
}
