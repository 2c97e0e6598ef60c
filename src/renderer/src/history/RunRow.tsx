import { formatStrategy } from '../../../core/strategy-spec'
import type { RunSummary } from '../../../core/records'
import { branchName } from '../app/run-names'
import { useLocale } from '../i18n/i18n'
import { isTextlessScoreRun } from '../tree/branch-strategy'
import { recordedSeed } from './history-query'

interface Props {
  run: RunSummary
  /** The branch's forced tokens, when the run is a branch. */
  forced: readonly string[]
  busy: boolean
  onOpen: (run: RunSummary) => void
  onRerun: (run: RunSummary) => void
  onDelete: (run: RunSummary) => void
}

/** One run of an expanded experiment: open it, re-run it, delete it. */
export function RunRow({ run, forced, busy, onOpen, onRerun, onDelete }: Props) {
  const { t } = useLocale()
  const seed = recordedSeed(run)
  return (
    <li className="run-row">
      <button
        type="button"
        className="link"
        aria-label={t('history.openAria', { id: run.id })}
        title={t('history.openTitle')}
        onClick={() => onOpen(run)}
      >
        #{run.id}
      </button>
      <span className="run-name" title={formatStrategy(run.strategy)}>
        {branchName(run.strategy, forced, t)}
      </span>
      <span className={`status status-${run.status}`}>
        {t(`history.status.${run.status}`)}
        {/* A cancelled run's error only repeats its status. */}
        {run.error && run.status !== 'cancelled' && <span className="run-error">{run.error}</span>}
      </span>
      <span className="actions">
        <button
          type="button"
          aria-label={t('history.rerunAria', { id: run.id })}
          title={
            isTextlessScoreRun(run.strategy)
              ? t('history.rerunScore')
              : seed === null
                ? t('history.rerunTitle')
                : t('history.rerunSeedTitle', { seed })
          }
          disabled={busy || isTextlessScoreRun(run.strategy)}
          onClick={() => onRerun(run)}
        >
          {t('history.rerun')}
        </button>
        <button
          type="button"
          className="danger"
          aria-label={t('history.deleteAria', { id: run.id })}
          onClick={() => onDelete(run)}
        >
          {t('history.delete')}
        </button>
      </span>
    </li>
  )
}
