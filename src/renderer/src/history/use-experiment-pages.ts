import { useCallback, useEffect, useRef, useState } from 'react'
import type { ExperimentSummary } from '../../../core/records'
import { userError } from '../app/user-error'
import { useLocale } from '../i18n/i18n'
import { lab } from '../api/client'
import { firstPageNow, listExperiments } from './first-page'
import { listRequest, pagesFor, PAGE_SIZE, type HistoryFilters } from './history-query'

interface Loaded {
  generation: number
  total: number
  pages: ReadonlyMap<number, readonly ExperimentSummary[]>
}

/**
 * The experiments the filters match, asked for a page at a time as the list shows their rows.
 * A change of filters, or `refresh`, starts over from the first page; answers to an earlier
 * generation's requests are dropped.
 */
export function useExperimentPages(filters: HistoryFilters, refresh: number) {
  const { t } = useLocale()
  // The first page, when it has come already (main.tsx asked for it): its rows are in the first render.
  const [early] = useState(() => firstPageNow(listRequest(filters, 0)))
  const [loaded, setLoaded] = useState<Loaded | null>(
    early && { generation: 0, total: early.total, pages: new Map([[0, early.experiments]]) },
  )
  const [error, setError] = useState('')
  const generation = useRef(0)
  const asked = useRef(new Set<number>(early ? [0] : []))
  /** The mount's reload, which the early first page has done already. */
  const skipReload = useRef(early !== null)

  const fetchPage = useCallback(
    (page: number) => {
      const gen = generation.current
      asked.current.add(page)
      listExperiments(listRequest(filters, page), (r) => lab.invoke('experiments.list', r)).then(
        (answer) => {
          if (gen !== generation.current) return
          // The old generation's rows stay on screen until the new one's first answer replaces them all.
          setLoaded((old) => {
            const pages = new Map(old?.generation === gen ? old.pages : [])
            pages.set(page, answer.experiments)
            return { generation: gen, total: answer.total, pages }
          })
          setError('')
        },
        (e: unknown) => {
          if (gen !== generation.current) return
          asked.current.delete(page)
          setError(t('history.loadError', { error: userError(e, t) }))
        },
      )
    },
    [filters, t],
  )

  /** The rows on screen, whose pages a reload asks for again. */
  const inView = useRef({ first: 0, last: -1 })

  /** Asks for the pages of rows `first`–`last` not yet asked for. */
  const want = useCallback(
    (first: number, last: number) => {
      inView.current = { first, last }
      for (const page of pagesFor(first, last)) if (!asked.current.has(page)) fetchPage(page)
    },
    [fetchPage],
  )

  const reload = useCallback(() => {
    if (skipReload.current) {
      skipReload.current = false
      return
    }
    generation.current++
    asked.current = new Set()
    fetchPage(0)
    want(inView.current.first, inView.current.last)
  }, [fetchPage, want])
  useEffect(reload, [reload, refresh])

  // Stable between answers: the list's virtualizer redoes the keys of every row when it changes.
  const at = useCallback(
    (index: number): ExperimentSummary | undefined =>
      loaded?.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [loaded],
  )

  return { total: loaded?.total ?? null, at, want, reload, error, setError }
}
