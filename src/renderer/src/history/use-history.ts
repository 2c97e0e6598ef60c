import { useCallback, useEffect, useRef, useState } from 'react'
import type { RunSummary } from '../../../core/records'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import type { ComposeRequest } from '../compose/ComposeForm'
import { useLocale } from '../i18n/i18n'
import { listRequest, NO_FILTERS, rerunRequest, type HistoryFilters } from './history-query'

/** Typing in the search waits this long before asking, so that a fast typist sends one request, not one per key. */
const SEARCH_DELAY_MS = 150

/** The history's state: filters, the typed search (debounced), the page, what the main process answered, re-run and delete. */
export function useHistory(refresh: number, onRerun: (run: RunSummary, request: ComposeRequest) => void, onDeleted: (runId: number) => void) {
  const { t } = useLocale()
  const [filters, setFilters] = useState<HistoryFilters>(NO_FILTERS)
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(0)
  const [data, setData] = useState<{ runs: RunSummary[]; total: number } | null>(null)
  const [error, setError] = useState('')
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
      const { experiment, runs } = await lab.invoke('experiment.get', { experimentId: run.experimentId })
      onRerun(run, rerunRequest(experiment, run, runs.find((r) => r.id === run.id)?.provenance))
    } catch (e) {
      setError(userError(e, t))
    }
  }

  const remove = async (run: RunSummary): Promise<void> => {
    try {
      await lab.invoke('run.delete', { runId: run.id })
      onDeleted(run.id)
      if (data?.runs.length === 1 && page > 0) setPage(page - 1)
      else load()
    } catch (e) {
      setError(userError(e, t))
    }
  }

  return { filters, filter, query, setQuery, clear, page, setPage, data, error, rerun, remove }
}
