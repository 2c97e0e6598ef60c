import { useState, type RefObject } from 'react'
import { formatStrategy } from '../../../core/strategy-spec'
import type { RunSummary } from '../../../core/records'
import type { ComposeRequest } from '../compose/ComposeForm'
import type { ModelList } from '../compose/use-models'
import { useLocale } from '../i18n/i18n'
import { ConfirmDelete } from './ConfirmDelete'
import { HistoryFilters } from './HistoryFilters'
import { isFiltered, PAGE_SIZE, pageRange, recordedSeed } from './history-query'
import { useHistory } from './use-history'

interface Props {
  /** A comparison is decoding: a re-run waits for it, as the Run button does. */
  busy: boolean
  refresh: number
  models: ModelList
  searchRef: RefObject<HTMLInputElement | null>
  onOpen: (experimentId: number) => void
  onRerun: (run: RunSummary, request: ComposeRequest) => void
  onDeleted: (runId: number) => void
}

/** Past runs from SQLite, newest first: searchable, filtered by model, strategy and status, a page at a time. */
export function HistoryView({ busy, refresh, models, searchRef, onOpen, onRerun, onDeleted }: Props) {
  const { t, locale } = useLocale()
  const [confirming, setConfirming] = useState<RunSummary | null>(null)
  const { filters, filter, query, setQuery, clear, page, setPage, data, error, rerun, remove: removeRun } = useHistory(refresh, onRerun, onDeleted)
  const remove = (run: RunSummary): void => {
    setConfirming(null)
    void removeRun(run)
  }

  const modelIds = [...new Set([...models.models.map((m) => m.id), ...models.recent, ...(filters.model ? [filters.model] : [])])]
  const filtered = isFiltered(filters) || query !== ''
  const range = data ? pageRange(page, data.total) : null

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
        total={data?.total ?? null}
        searchRef={searchRef}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && data.total === 0 && !filtered && <p className="empty">{t('history.empty')}</p>}
      {data && data.total === 0 && filtered && (
        <p className="empty">
          {t('history.noMatch')}{' '}
          <button type="button" className="link" onClick={clear}>
            {t('history.clearFilters')}
          </button>
        </p>
      )}
      {data && data.runs.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('history.col.run')}</th>
              <th>{t('history.col.model')}</th>
              <th>{t('history.col.prompt')}</th>
              <th>{t('history.col.strategy')}</th>
              <th>{t('history.col.status')}</th>
              <th>{t('history.col.created')}</th>
              <th>
                <span className="visually-hidden">{t('history.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.runs.map((r) => {
              const seed = recordedSeed(r)
              return (
                <tr key={r.id}>
                  <td>
                    <button type="button" className="link" aria-label={t('history.openAria', { id: r.id })} title={t('history.openTitle')} onClick={() => onOpen(r.experimentId)}>
                      #{r.id}
                    </button>
                  </td>
                  <td>{r.model}</td>
                  <td className="tokens">{r.prompt}</td>
                  <td>{formatStrategy(r.strategy)}</td>
                  <td className={`status status-${r.status}`}>
                    {t(`history.status.${r.status}`)}
                    {/* A cancelled run's error only repeats its status. */}
                    {r.error && r.status !== 'cancelled' && <span className="run-error">{r.error}</span>}
                  </td>
                  <td>{new Date(r.createdAt).toLocaleString(locale)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      aria-label={t('history.rerunAria', { id: r.id })}
                      title={seed === null ? t('history.rerunTitle') : t('history.rerunSeedTitle', { seed })}
                      disabled={busy}
                      onClick={() => void rerun(r)}
                    >
                      {t('history.rerun')}
                    </button>
                    <button type="button" className="danger" aria-label={t('history.deleteAria', { id: r.id })} onClick={() => setConfirming(r)}>
                      {t('history.delete')}
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {data && range && data.total > PAGE_SIZE && (
        <nav className="pager">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('history.newer')}
          </button>
          <span>{t('history.range', { from: range.from.toLocaleString(locale), to: range.to.toLocaleString(locale), total: data.total.toLocaleString(locale) })}</span>
          <button type="button" disabled={(page + 1) * PAGE_SIZE >= data.total} onClick={() => setPage(page + 1)}>
            {t('history.older')}
          </button>
        </nav>
      )}
      <ConfirmDelete run={confirming} onConfirm={remove} onClose={() => setConfirming(null)} />
    </section>
  )
}
