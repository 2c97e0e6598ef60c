import { useT } from '../i18n/i18n'

/** The first run's note: what the open experiment shows, and the next step. */
export function Welcome({ busy, onNext, onDismiss }: { busy: boolean; onNext: () => void; onDismiss: () => void }) {
  const t = useT()
  return (
    <aside className="welcome" aria-label={t('shell.welcomeLabel')}>
      <p>{t('shell.welcome')}</p>
      <div className="welcome-actions">
        <button type="button" className="primary" disabled={busy} title={t('shell.nextStepTitle')} onClick={onNext}>
          {t('shell.nextStep')} →
        </button>
        <button type="button" className="link" onClick={onDismiss}>
          {t('shell.dismiss')}
        </button>
      </div>
    </aside>
  )
}
