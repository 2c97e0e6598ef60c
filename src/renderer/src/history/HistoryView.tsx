import { useState, type RefObject } from 'react'
import type { RunSummary } from '../../../core/records'
import type { ComposeRequest } from '../compose/ComposeForm'
import type { ModelList } from '../compose/use-models'
import { useT } from '../i18n/i18n'
import { ConfirmDelete } from './ConfirmDelete'
import { ExperimentList } from './ExperimentList'
import { HistoryFilters } from './HistoryFilters'
import { isFiltered } from './history-query'
import { useHistory } from './use-history'

interface Props {
  /** A comparison is decoding: a re-run waits for it, as the Run button does. */
  busy: boolean
  refresh: number
  models: ModelList
  searchRef: RefObject<HTMLInputElement | null>
  onOpen: (experimentId: number, runId?: number) => void
  onRerun: (run: RunSummary, request: ComposeRequest) => void
  onDeleted: (runId: number) => void
}

/** Past experiments from SQLite, newest first: searchable, filtered by model, strategy and status, each expanding to its runs. */
export function HistoryView({ busy, refresh, models, searchRef, onOpen, onRerun, onDeleted }: Props) {
  const t = useT()
  const [confirming, setConfirming] = useState<RunSummary | null>(null)
  const {
    filters,
    filter,
    query,
    setQuery,
    clear,
    total,
    at,
    want,
    error,
    rerun,
    remove: removeRun,
  } = useHistory(refresh, onRerun, onDeleted)
  const remove = (run: RunSummary): void => {
    setConfirming(null)
    void removeRun(run)
  }

  const modelIds = [
    ...new Set([...models.models.map((m) => m.id), ...models.recent, ...(filters.model ? [filters.model] : [])]),
  ]
  const filtered = isFiltered(filters) || query !== ''

  return (
    <section className="history" aria-label={t('history.label')}>
      <HistoryFilters
        filters={filters}
        filter={filter}
        query={query}
        setQuery={setQuery}
        filtered={filtered}
        clear={clear}
        modelIds={modelIds}
        total={total}
        searchRef={searchRef}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {total === 0 && !filtered && <p className="empty">{t('history.empty')}</p>}
      {total === 0 && filtered && (
        <p className="empty">
          {t('history.noMatch')}{' '}
          <button type="button" className="link" onClick={clear}>
            {t('history.clearFilters')}
          </button>
        </p>
      )}
      {total !== null && total > 0 && (
        <ExperimentList
          total={total}
          at={at}
          want={want}
          busy={busy}
          onOpen={onOpen}
          onRerun={(r) => void rerun(r)}
          onDelete={setConfirming}
        />
      )}
      <ConfirmDelete run={confirming} onConfirm={remove} onClose={() => setConfirming(null)} />
    </section>
  )
}
