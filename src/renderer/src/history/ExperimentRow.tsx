import { formatProb } from '../../../core/format'
import type { ExperimentSummary, RunSummary } from '../../../core/records'
import { joinFor, visibleTokens } from '../../../core/report/visible-token'
import { formatDate } from '../i18n/formats'
import { useT } from '../i18n/i18n'
import { strategyNames } from './history-query'
import { RunRow } from './RunRow'

interface Props {
  experiment: ExperimentSummary
  expanded: boolean
  onToggle: (experimentId: number) => void
  busy: boolean
  onOpen: (experimentId: number, runId?: number) => void
  onRerun: (run: RunSummary) => void
  onDelete: (run: RunSummary) => void
}

/** An experiment in the history: prompt, model, strategies, best sequence and date; it expands to its runs. */
export function ExperimentRow({ experiment: e, expanded, onToggle, busy, onOpen, onRerun, onDelete }: Props) {
  const t = useT()
  const failed = e.runs.find(failedRun)
  const runsId = `experiment-${e.id}-runs`
  return (
    <div className={`experiment-row${expanded ? ' expanded' : ''}`}>
      <div className="experiment-head">
        <button
          type="button"
          className="experiment-toggle"
          aria-expanded={expanded}
          aria-controls={runsId}
          aria-label={t('history.toggleAria', { id: e.id })}
          onClick={() => onToggle(e.id)}
        >
          <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
        </button>
        <span className={`experiment-prompt tokens${e.prompt ? '' : ' hint'}`} title={e.prompt}>
          {e.prompt ? visibleTokens([e.prompt], 'pieces') : t('shell.emptyPrompt')}
        </span>
        <time className="experiment-date hint" dateTime={e.createdAt}>
          {formatDate(e.createdAt)}
        </time>
      </div>
      <div className="experiment-meta">
        <span className="experiment-model">{e.model}</span>
        <span className="experiment-strategies">{strategyNames(e.runs)}</span>
        <span className="hint">
          {e.runs.length === 1 ? t('history.runCountOne') : t('history.runCount', { count: e.runs.length })}
        </span>
        <button
          type="button"
          className="link"
          aria-label={t('history.openExperimentAria', { id: e.id })}
          title={t('history.openExperimentTitle')}
          onClick={() => onOpen(e.id)}
        >
          {t('history.open')}
        </button>
      </div>
      <div className="experiment-best">
        {e.best ? (
          <>
            <span className="hint">{t('history.best')}</span>{' '}
            <span className="tokens best-text">{visibleTokens(e.best.tokens, joinFor(e.modelKind))}</span>{' '}
            <span className="best-prob">p = {formatProb(e.best.probability)}</span>
          </>
        ) : (
          <span className="hint">{t('history.noBest')}</span>
        )}
      </div>
      {!expanded && failed && <span className="run-error">{failed.error}</span>}
      {expanded && (
        <ul className="experiment-runs" id={runsId} aria-label={t('history.runsAria', { id: e.id })}>
          {e.runs.map((r) => (
            <RunRow
              key={r.id}
              run={r}
              forced={e.forced[r.id] ?? []}
              busy={busy}
              onOpen={(run) => onOpen(e.id, run.id)}
              onRerun={onRerun}
              onDelete={onDelete}
            />
          ))}
        </ul>
      )}
    </div>
  )
}

/** A run whose error the collapsed row shows on a fourth line (a cancelled run's error only repeats its status). */
export const failedRun = (r: RunSummary): boolean => Boolean(r.error) && r.status !== 'cancelled'
