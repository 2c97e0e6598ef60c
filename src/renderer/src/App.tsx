import { useEffect, useState } from 'react'
import type { EventPayload } from '../../core/contract'
import type { RunDetail } from '../../core/records'
import { lab } from './api/client'
import { CompareView } from './compare/CompareView'
import { ComposeForm, type ComposeRequest } from './compose/ComposeForm'
import { HistoryView } from './history/HistoryView'
import { LOCALES, useLocale, type Locale } from './i18n/i18n'
import { TreeView } from './tree/TreeView'

interface Live {
  jobId: number
  runs: Map<number, { label: string; step: number; maxTokens: number; text: string; status: string }>
}

/** Compose a comparison, watch it decode, compare its sequences, and browse past runs. */
export function App() {
  const { t, locale, setLocale } = useLocale()
  const [live, setLive] = useState<Live | null>(null)
  const [runs, setRuns] = useState<RunDetail[]>([])
  const [error, setError] = useState('')
  const [refresh, setRefresh] = useState(0)
  const [treeRun, setTreeRun] = useState<number | null>(null)
  const shownTree = runs.find((r) => r.id === treeRun) ?? runs[0]

  useEffect(() => {
    const patch = (runId: number, change: Partial<{ label: string; step: number; maxTokens: number; text: string; status: string }>): void =>
      setLive((l) => {
        if (!l) return l
        const next = new Map(l.runs)
        next.set(runId, { label: '', step: 0, maxTokens: 0, text: '', status: 'running', ...next.get(runId), ...change })
        return { ...l, runs: next }
      })
    const offs = [
      lab.on('run.started', (e) => patch(e.runId, { label: e.strategy.name })),
      lab.on('run.progress', (e) => patch(e.runId, { step: e.step, maxTokens: e.maxTokens, text: e.text })),
      lab.on('run.finished', (e) => patch(e.runId, { status: e.status })),
      lab.on('job.finished', (e: EventPayload<'job.finished'>) => {
        setLive((l) => (l?.jobId === e.jobId ? null : l))
        setRefresh((n) => n + 1)
        if (e.error) setError(e.error)
        if (e.experimentId !== null) void open(e.experimentId)
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [])

  const open = async (experimentId: number): Promise<void> => {
    try {
      setRuns((await lab.invoke('experiment.get', { experimentId })).runs)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const run = async (request: ComposeRequest): Promise<void> => {
    setError('')
    try {
      const { jobId } = await lab.invoke('experiment.start', request)
      setLive({ jobId, runs: new Map() })
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <main className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <label>
          {t('app.language')}{' '}
          <select aria-label="language" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ComposeForm busy={live !== null} onRun={(r) => void run(r)} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {live && (
        <section className="live" aria-label="progress">
          {[...live.runs.entries()].map(([id, r]) => (
            <p key={id}>
              {t('app.progress', { label: r.label, step: r.step, max: r.maxTokens })} <span className="tokens">{r.text}</span> ({r.status})
            </p>
          ))}
          <button type="button" onClick={() => void lab.invoke('job.cancel', { jobId: live.jobId })}>
            {t('app.cancel')}
          </button>
        </section>
      )}
      <CompareView runs={runs} />
      {shownTree && (
        <section aria-label="tree">
          <h2>{t('app.tree')}</h2>
          <div role="tablist">
            {runs.map((r) => (
              <button key={r.id} type="button" role="tab" aria-selected={r.id === shownTree.id} onClick={() => setTreeRun(r.id)}>
                run {r.id}: {r.strategy.name}
              </button>
            ))}
          </div>
          <TreeView key={shownTree.id} nodes={shownTree.tree} />
        </section>
      )}
      <h2>{t('app.history')}</h2>
      <HistoryView onOpen={(id) => void open(id)} refresh={refresh} />
    </main>
  )
}
