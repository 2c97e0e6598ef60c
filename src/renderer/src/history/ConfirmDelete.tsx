import { formatStrategy } from '../../../core/strategy-spec'
import type { RunSummary } from '../../../core/records'
import { Dialog } from '../app/Dialog'
import { useT } from '../i18n/i18n'

/** Asks before a run and its tree are deleted; "Keep it" has the focus, so Enter does no harm. */
export function ConfirmDelete({
  run,
  onConfirm,
  onClose,
}: {
  run: RunSummary | null
  onConfirm: (run: RunSummary) => void
  onClose: () => void
}) {
  const t = useT()
  return (
    <Dialog open={run !== null} title={run ? t('history.confirmTitle', { id: run.id }) : ''} onClose={onClose}>
      {run && (
        <>
          <p>{t('history.confirmBody', { strategy: formatStrategy(run.strategy), model: run.model })}</p>
          <div className="dialog-buttons">
            <button type="button" autoFocus onClick={onClose}>
              {t('history.keep')}
            </button>
            <button type="button" className="danger" onClick={() => onConfirm(run)}>
              {t('history.confirmDelete')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  )
}
