import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import { formatStrategy, STRATEGY_NAMES } from '../../../core/strategy-spec'
import type { RunStatus, RunSummary } from '../../../core/records'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import type { ComposeRequest } from '../compose/ComposeForm'
import type { ModelList } from '../compose/use-models'
import { useLocale } from '../i18n/i18n'
import { ConfirmDelete } from './ConfirmDelete'
import { isFiltered, listRequest, NO_FILTERS, PAGE_SIZE, pageRange, recordedSeed, rerunRequest, type HistoryFilters } from './history-query'

const STATUSES: RunStatus[] = ['done', 'running', 'cancelled', 'failed', 'interrupted']
/** Typing in the search waits this long before asking, so that a fast typist sends one request, not one per key. */
const SEARCH_DELAY_MS = 150

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
  const [filters, setFilters] = useState<HistoryFilters>(NO_FILTERS)
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(0)
  const [data, setData] = useState<{ runs: RunSummary[]; total: number } | null>(null)
  const [error, setError] = useState('')
  const [confirming, setConfirming] = useState<RunSummary | null>(null)
  const latest = useRef(0)

  useEffect(() => {
    if (query === filters.query) return
    const timer = setTimeout(() => {
      setFilters((f) => ({ ...f, query }))
      setPage(0)
    }, SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [query, filters.query])

  const load = useCallback(() => {
    // Answers may arrive out of order: only the latest request's answer is shown.
    const seq = ++latest.current
    lab.invoke('runs.list', listRequest(filters, page)).then(
      (answer) => {
        if (seq !== latest.current) return
        setData(answer)
        setError('')
      },
      (e: unknown) => seq === latest.current && setError(t('history.loadError', { error: userError(e, t) })),
    )
  }, [filters, page, t])
  useEffect(load, [load, refresh])

  const filter = (change: Partial<HistoryFilters>): void => {
    setFilters((f) => ({ ...f, ...change }))
    setPage(0)
  }
  const clear = (): void => {
    setQuery('')
    filter(NO_FILTERS)
  }

  const rerun = async (run: RunSummary): Promise<void> => {
    try {
      const { experiment } = await lab.invoke('experiment.get', { experimentId: run.experimentId })
      onRerun(run, rerunRequest(experiment, run))
    } catch (e) {
      setError(userError(e, t))
    }
  }

  const remove = async (run: RunSummary): Promise<void> => {
    setConfirming(null)
    try {
      await lab.invoke('run.delete', { runId: run.id })
      onDeleted(run.id)
      if (data?.runs.length === 1 && page > 0) setPage(page - 1)
      else load()
    } catch (e) {
      setError(userError(e, t))
    }
  }

  const modelIds = [...new Set([...models.models.map((m) => m.id), ...models.recent, ...(filters.model ? [filters.model] : [])])]
  const filtered = isFiltered(filters) || query !== ''
  const range = data ? pageRange(page, data.total) : null

  return (
    <section className="history" aria-label={t('history.label')}>
      <div className="history-filters">
        <input
          ref={searchRef}
          type="search"
          aria-label={t('history.searchAria')}
          placeholder={t('history.search')}
          title={t('history.searchTitle')}
          aria-keyshortcuts="/"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <select aria-label={t('history.filterModel')} value={filters.model} onChange={(e) => filter({ model: e.target.value })}>
          <option value="">{t('history.allModels')}</option>
          {modelIds.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <select aria-label={t('history.filterStrategy')} value={filters.strategy} onChange={(e) => filter({ strategy: e.target.value })}>
          <option value="">{t('history.allStrategies')}</option>
          {STRATEGY_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <select aria-label={t('history.filterStatus')} value={filters.status} onChange={(e) => filter({ status: e.target.value as RunStatus | '' })}>
          <option value="">{t('history.allStatuses')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`history.status.${s}`)}
            </option>
          ))}
        </select>
        {filtered && (
          <button type="button" onClick={clear}>
            {t('history.clearFilters')}
          </button>
        )}
        {data && data.total > 0 && (
          <span className="hint" aria-live="polite">
            {data.total === 1 ? t('history.countOne') : t('history.count', { total: data.total.toLocaleString(locale) })}
          </span>
        )}
      </div>
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
      <ConfirmDelete run={confirming} onConfirm={(r) => void remove(r)} onClose={() => setConfirming(null)} />
    </section>
  )
}
