import { useCallback, useEffect, useRef, useState } from 'react'
import './app/shell.css'
import type { RequestPayload } from '../../core/contract'
import type { RunSummary } from '../../core/records'
import { formatStrategy } from '../../core/strategy-spec'
import { AppHeader } from './app/AppHeader'
import { NEURAL_DRAFT, NEURAL_EXPERIMENT } from './app/first-run'
import { Panes } from './app/Panes'
import { ShortcutsDialog } from './app/ShortcutsDialog'
import { Sidebar } from './app/Sidebar'
import { useFirstRun } from './app/use-first-run'
import { useLiveJob, type JobEnd } from './app/use-live-job'
import { useOpenExperiment } from './app/use-open-experiment'
import { useOpenState } from './app/use-open-state'
import { useShortcuts } from './app/use-shortcuts'
import type { ComposeDraft, ComposeRequest } from './compose/ComposeForm'
import { PRESETS } from './compose/presets'
import { useModels } from './compose/use-models'
import { recordedSeed } from './history/history-query'
import { useT } from './i18n/i18n'
import { once, useModule } from './app/use-module'

/** How long after start the comparison view's code is fetched ahead of need. */
const COMPARE_PRELOAD_MS = 1000

/** The workspace (tabs, trees, d3) loads just after the first render: the history's first rows come first. */
const loadWorkspace = once(() => import('./app/Workspace'))

/** The window: a sidebar to compose and find experiments, and a workspace for the open one. */
export function App() {
  const t = useT()
  const workspace = useModule(loadWorkspace)
  const models = useModels()
  const [state, update] = useOpenState()
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [refresh, setRefresh] = useState(0)
  const [help, setHelp] = useState(false)
  const [draft, setDraft] = useState<{ key: number; draft?: ComposeDraft }>({ key: 0 })
  const formRef = useRef<HTMLFormElement>(null)
  const searchRef = useRef<HTMLInputElement>(null)
  const opened = useOpenExperiment(setError)
  /** The job in flight scores a text: its experiment opens in the Text tab. */
  const scoring = useRef(false)
  const { open } = opened

  const showExperiment = useCallback(
    async (experimentId: number, runId: number | null = null) => {
      if (await open(experimentId)) update({ view: 'experiment', experimentId, runId })
    },
    [open, update],
  )
  const onFinished = useCallback(
    (end: JobEnd) => {
      setRefresh((n) => n + 1)
      const scored = scoring.current
      scoring.current = false
      const experimentId = end.experimentId
      if (experimentId === null) return
      if (scored)
        void open(experimentId).then(
          (ok) => ok && update({ view: 'experiment', experimentId, runId: null, tab: 'text' }),
        )
      else void showExperiment(experimentId, end.firstRunId)
    },
    [open, showExperiment, update],
  )
  const { live, start, startScore, cancel } = useLiveJob(setError, onFinished)
  const forget = useCallback(() => update({ experimentId: null, runId: null }), [update])
  const firstRun = useFirstRun(state.experimentId, open, start, forget)

  useEffect(() => {
    // The views' chunks (recharts) load once startup is over, not while the first rows are drawn.
    const timer = setTimeout(() => void loadWorkspace().then((m) => m.preloadTabs()), COMPARE_PRELOAD_MS)
    return () => clearTimeout(timer)
  }, [])

  const run = (request: RequestPayload<'experiment.start'>, note = ''): void => {
    setError('')
    setNotice(note)
    void start(request)
  }
  const rerun = (source: RunSummary, request: ComposeRequest): void => {
    const seed = recordedSeed(source)
    const vars = { id: source.id, strategy: formatStrategy(source.strategy), model: source.model }
    run(request, seed === null ? t('app.rerunning', vars) : t('app.rerunningSeed', { ...vars, seed }))
  }
  const tryNeural = (): void => {
    firstRun.dismiss()
    setDraft((d) => ({ key: d.key + 1, draft: NEURAL_DRAFT }))
    run(NEURAL_EXPERIMENT)
  }
  const useModel = (model: string): void => {
    setDraft((d) => ({ key: d.key + 1, draft: { model, prompt: '', maxTokens: '32', strategies: PRESETS[0].make } }))
    update({ view: 'experiment' })
  }

  useShortcuts({
    run: () => formRef.current?.requestSubmit(),
    cancel: live ? () => void cancel() : undefined,
    search: () => searchRef.current?.focus(),
    help: () => setHelp(true),
  })

  return (
    <main className="app">
      <AppHeader onHelp={() => setHelp(true)} />
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
      <Panes
        sidebar={
          <Sidebar
            view={state.view}
            onView={(view) => update({ view })}
            models={models}
            busy={live !== null}
            compose={{ draft: draft.draft, draftKey: draft.key, onRun: (r) => run(r), formRef }}
            onScore={(r) => {
              setError('')
              scoring.current = true
              void startScore(r)
            }}
            history={{
              refresh,
              searchRef,
              onOpen: (id, runId) => void showExperiment(id, runId ?? null),
              onRerun: rerun,
              onDeleted: opened.removeRun,
              onImported: (id) => {
                setRefresh((n) => n + 1)
                void showExperiment(id)
              },
            }}
          />
        }
        workspace={
          workspace ? (
            <workspace.Workspace
              state={state}
              update={update}
              models={models}
              opened={opened}
              live={live}
              onCancel={() => void cancel()}
              error={error}
              notice={notice}
              welcome={firstRun.welcome ? { onNext: tryNeural, onDismiss: firstRun.dismiss } : null}
              onBranch={(request) => run(request)}
              onUseModel={useModel}
            />
          ) : (
            <p className="empty">…</p>
          )
        }
      />
    </main>
  )
}
