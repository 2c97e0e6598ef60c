import { useCallback, useEffect, useState } from 'react'
import { formatStrategy } from '../../../core/strategy-spec'
import type { RunSummary } from '../../../core/records'
import { lab } from '../api/client'

const PAGE = 50

/** Past runs from SQLite, newest first, searchable by prompt, a page at a time. */
export function HistoryView({ onOpen, refresh }: { onOpen: (experimentId: number) => void; refresh: number }) {
  const [query, setQuery] = useState('')
  const [page, setPage] = useState(0)
  const [data, setData] = useState<{ runs: RunSummary[]; total: number }>({ runs: [], total: 0 })
  const [error, setError] = useState('')

  const load = useCallback(() => {
    lab.invoke('runs.list', { query: query || undefined, limit: PAGE, offset: page * PAGE }).then(setData, (e: Error) => setError(e.message))
  }, [query, page])
  useEffect(load, [load, refresh])

  const remove = async (run: RunSummary): Promise<void> => {
    if (!window.confirm(`Delete run ${run.id} (${run.strategy.name}) and its tree?`)) return
    try {
      await lab.invoke('run.delete', { runId: run.id })
      load()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <section className="history" aria-label="history">
      <input aria-label="search prompts" placeholder="Search prompts" value={query} onChange={(e) => (setQuery(e.target.value), setPage(0))} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data.total === 0 ? (
        <p className="empty">No runs yet. Compose one above: pick seed-weather and press Run.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>run</th>
              <th>model</th>
              <th>prompt</th>
              <th>strategy</th>
              <th>status</th>
              <th>created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <button type="button" onClick={() => onOpen(r.experimentId)}>
                    #{r.id}
                  </button>
                </td>
                <td>{r.model}</td>
                <td>{r.prompt}</td>
                <td>{formatStrategy(r.strategy)}</td>
                <td title={r.error ?? ''}>{r.status}</td>
                <td>{new Date(r.createdAt).toLocaleString()}</td>
                <td>
                  <button type="button" aria-label={`delete run ${r.id}`} onClick={() => void remove(r)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.total > PAGE && (
        <nav>
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span>
            {page * PAGE + 1}–{Math.min(data.total, (page + 1) * PAGE)} of {data.total}
          </span>
          <button type="button" disabled={(page + 1) * PAGE >= data.total} onClick={() => setPage(page + 1)}>
            Older
          </button>
        </nav>
      )}
    </section>
  )
}
