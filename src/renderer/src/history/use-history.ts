import { useEffect, useState } from 'react'
import type { RunSummary } from '../../../core/records'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import type { ComposeRequest } from '../compose/ComposeForm'
import { useLocale } from '../i18n/i18n'
import { NO_FILTERS, rerunRequest, type HistoryFilters } from './history-query'
import { useExperimentPages } from './use-experiment-pages'

/** Typing in the search waits this long before asking, so that a fast typist sends one request, not one per key. */
const SEARCH_DELAY_MS = 150

/** The history's state: filters, the typed search (debounced), the experiments they match, re-run and delete. */
export function useHistory(
  refresh: number,
  onRerun: (run: RunSummary, request: ComposeRequest) => void,
  onDeleted: (runId: number) => void,
) {
  const { t } = useLocale()
  const [filters, setFilters] = useState<HistoryFilters>(NO_FILTERS)
  const [query, setQuery] = useState('')
  const { total, at, want, reload, error, setError } = useExperimentPages(filters, refresh)

  useEffect(() => {
    if (query === filters.query) return
    const timer = setTimeout(() => setFilters((f) => ({ ...f, query })), SEARCH_DELAY_MS)
    return () => clearTimeout(timer)
  }, [query, filters.query])

  const filter = (change: Partial<HistoryFilters>): void => setFilters((f) => ({ ...f, ...change }))
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
      reload()
    } catch (e) {
      setError(userError(e, t))
    }
  }

  return { filters, filter, query, setQuery, clear, total, at, want, error, rerun, remove }
}
