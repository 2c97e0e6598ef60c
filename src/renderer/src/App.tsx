import { lazy, Suspense, useCallback, useDeferredValue, useEffect, useRef, useState } from 'react'
import type { EventPayload, RequestPayload } from '../../core/contract'
import type { Experiment, RunDetail, RunStatus, RunSummary } from '../../core/records'
import { formatStrategy, type StrategySpec } from '../../core/strategy-spec'
import { lab } from './api/client'
import { isTextField, shortcutFor } from './app/shortcuts'
import { ShortcutsDialog } from './app/ShortcutsDialog'
import { userError } from './app/user-error'
import { ComposeForm, type ComposeRequest } from './compose/ComposeForm'
import { useModels } from './compose/use-models'
import { recordedSeed } from './history/history-query'
import { HistoryView } from './history/HistoryView'
import { LOCALES, useLocale, type Locale } from './i18n/i18n'
import { ExportMenu } from './export/ExportMenu'
import { ImportButton } from './export/ImportButton'
import { MetricsView } from './metrics/MetricsView'
import { ProvenanceView } from './provenance/ProvenanceView'
import { SweepView } from './sweep/SweepView'
import { TreePanel } from './tree/TreePanel'

// The charts (recharts, most of the renderer's code) load just after the first paint: compose and
// history are what a new window needs first.
const loadCompare = () => import('./compare/CompareView')
const CompareView = lazy(() => loadCompare().then((m) => ({ default: m.CompareView })))

interface LiveRun {
  label: string
  step: number
  maxTokens: number
  text: string
  status: RunStatus
}

interface Live {
  jobId: number
  runs: Map<number, LiveRun>
  cancelling: boolean
}

/** Compose a comparison, watch it decode, compare its sequences, and browse past runs. */
export function App() {
  const { t, locale, setLocale } = useLocale()
  const models = useModels()
  const [live, setLive] = useState<Live | null>(null)
  const [runs, setRuns] = useState<RunDetail[]>([])
  const [experiment, setExperiment] = useState<Experiment | null>(null)
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [refresh, setRefresh] = useState(0)
  const [treeRun, setTreeRun] = useState<number | null>(null)
  const [help, setHelp] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  /** Jobs whose end was announced; a fast job can end before `experiment.start` has answered. */
  const finishedJobs = useRef(new Set<number>())
  const firstRuns = useRef(new Map<number, number>())
  const searchRef = useRef<HTMLInputElement>(null)
  const shownTree = runs.find((r) => r.id === treeRun) ?? runs[0]
  // The charts of a large run follow the tree by a frame rather than holding it back.
  const chartRuns = useDeferredValue(runs)

  useEffect(() => {
    const timer = setTimeout(() => void loadCompare(), 0)
    return () => clearTimeout(timer)
  }, [])

  const open = useCallback(
    async (experimentId: number): Promise<void> => {
      try {
        const opened = await lab.invoke('experiment.get', { experimentId })
        setExperiment(opened.experiment)
        setRuns(opened.runs)
      } catch (e) {
        setError(userError(e, t))
      }
    },
    [t],
  )

  useEffect(() => {
    const patch = (jobId: number, runId: number, change: Partial<LiveRun>): void =>
      setLive((l) => {
        // A sweep's runs are the sweep view's to show.
        if (l?.jobId !== jobId) return l
        const next = new Map(l.runs)
        next.set(runId, { label: '', step: 0, maxTokens: 0, text: '', status: 'running', ...next.get(runId), ...change })
        return { ...l, runs: next }
      })
    const offs = [
      lab.on('run.started', (e) => {
        if (!firstRuns.current.has(e.jobId)) firstRuns.current.set(e.jobId, e.runId)
        patch(e.jobId, e.runId, { label: formatStrategy(e.strategy as StrategySpec) })
      }),
      lab.on('run.progress', (e) => patch(e.jobId, e.runId, { step: e.step, maxTokens: e.maxTokens, text: e.text })),
      lab.on('run.finished', (e) => patch(e.jobId, e.runId, { status: e.status })),
      lab.on('job.finished', (e: EventPayload<'job.finished'>) => {
        finishedJobs.current.add(e.jobId)
        setLive((l) => (l?.jobId === e.jobId ? null : l))
        setRefresh((n) => n + 1)
        if (e.error) setError(e.error)
        // The job's first run opens in the tree: a branch added to the open experiment shows itself.
        // A sweep's job names no experiment: its runs stay in the sweep view.
        const first = firstRuns.current.get(e.jobId)
        if (first !== undefined && e.experimentId !== null) setTreeRun(first)
        if (e.experimentId !== null) void open(e.experimentId)
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [open])

  const run = async (request: RequestPayload<'experiment.start'>, note = ''): Promise<void> => {
    setError('')
    setNotice(note)
    try {
      const { jobId } = await lab.invoke('experiment.start', request)
      if (!finishedJobs.current.has(jobId)) setLive({ jobId, runs: new Map(), cancelling: false })
    } catch (e) {
      setError(userError(e, t))
    }
  }

  const rerun = (source: RunSummary, request: ComposeRequest): void => {
    const seed = recordedSeed(source)
    const vars = { id: source.id, strategy: formatStrategy(source.strategy), model: source.model }
    void run(request, seed === null ? t('app.rerunning', vars) : t('app.rerunningSeed', { ...vars, seed }))
  }

  const cancel = useCallback(async (): Promise<void> => {
    if (!live || live.cancelling) return
    setLive({ ...live, cancelling: true })
    try {
      await lab.invoke('job.cancel', { jobId: live.jobId })
    } catch (e) {
      setError(userError(e, t))
    }
  }, [live, t])

  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      const { key, ctrlKey, metaKey, altKey, isComposing } = e
      const action = shortcutFor({ key, ctrlKey, metaKey, altKey, isComposing, inTextField: isTextField(document.activeElement as HTMLElement | null) })
      // An open dialog owns the keyboard: Escape closes it and nothing else.
      if (!action || document.querySelector('dialog[open]')) return
      if (action === 'cancel' && !live) return
      e.preventDefault()
      if (action === 'run') formRef.current?.requestSubmit()
      if (action === 'cancel') void cancel()
      if (action === 'search') searchRef.current?.focus()
      if (action === 'help') setHelp(true)
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [live, cancel])

  return (
    <main className="app">
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <div className="header-tools">
          <button type="button" className="link" onClick={() => document.getElementById('sweeps')?.scrollIntoView()}>
            {t('sweep.title')}
          </button>
          <button type="button" className="icon" aria-label={t('app.shortcuts')} title={t('app.shortcutsButton')} aria-keyshortcuts="?" onClick={() => setHelp(true)}>
            ?
          </button>
          <label>
            {t('app.language')}{' '}
            <select aria-label={t('app.language')} value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
      <ComposeForm busy={live !== null} onRun={(r) => void run(r)} models={models} formRef={formRef} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && (live || !error) && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {live && (
        <section className="live" aria-label={t('app.progressLabel')}>
          {[...live.runs.entries()].map(([id, r]) => (
            <p key={id}>
              {t('app.progress', { label: r.label, step: r.step, max: r.maxTokens })} <span className="tokens">{r.text}</span> ({t(`history.status.${r.status}`)})
            </p>
          ))}
          <button type="button" title={t('app.cancelTitle')} aria-keyshortcuts="Escape" disabled={live.cancelling} onClick={() => void cancel()}>
            {live.cancelling ? t('app.cancelling') : t('app.cancel')}
          </button>
        </section>
      )}
      {shownTree && (
        <div className="export-bar">
          <ExportMenu target={{ experimentId: shownTree.experimentId }} label={t('export.experiment')} />
          <ExportMenu key={shownTree.id} target={{ runId: shownTree.id }} label={t('export.run', { id: shownTree.id })} />
        </div>
      )}
      <Suspense fallback={<p className="empty">…</p>}>
        <CompareView runs={chartRuns} />
      </Suspense>
      <MetricsView runs={chartRuns} />
      <ProvenanceView runs={chartRuns} />
      {shownTree && (
        <TreePanel
          runs={runs}
          selected={shownTree}
          onSelect={setTreeRun}
          busy={live !== null}
          onBranch={
            experiment?.id === shownTree.experimentId
              ? (strategies) =>
                  void run({ model: experiment.modelId, prompt: experiment.prompt, maxTokens: experiment.maxTokens, topN: experiment.topN, strategies, experimentId: experiment.id })
              : undefined
          }
        />
      )}
      <SweepView models={models} />
      <div className="history-head">
        <h2>{t('app.history')}</h2>
        <ImportButton
          onImported={(experimentId) => {
            setRefresh((n) => n + 1)
            void open(experimentId)
          }}
        />
      </div>
      <HistoryView
        busy={live !== null}
        refresh={refresh}
        models={models}
        searchRef={searchRef}
        onOpen={(id) => void open(id)}
        onRerun={rerun}
        onDeleted={(runId) => setRuns((shown) => shown.filter((r) => r.id !== runId))}
      />
    </main>
  )
}
