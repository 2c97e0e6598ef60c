import type { RefObject } from 'react'
import type { RunSummary } from '../../../core/records'
import type { ComposeDraft, ComposeRequest } from '../compose/ComposeForm'
import type { RequestPayload } from '../../../core/contract'
import type { ModelList } from '../compose/use-models'
import { ImportButton } from '../export/ImportButton'
import { HistoryView } from '../history/HistoryView'
import { useT } from '../i18n/i18n'
import { VIEWS, type View } from './url-state'
import { once, useModule } from './use-module'

/** The forms load just after the first render, so that the history's first rows come first. */
export const loadForms = once(() => import('./sidebar-forms'))

const VIEW_LABELS = { experiment: 'shell.experiments', sweeps: 'sweep.title', models: 'shell.models' } as const

interface Props {
  view: View
  onView: (view: View) => void
  models: ModelList
  busy: boolean
  compose: {
    draft?: ComposeDraft
    draftKey: number
    onRun: (r: ComposeRequest) => void
    formRef: RefObject<HTMLFormElement | null>
  }
  onScore: (r: RequestPayload<'score.start'>) => void
  history: {
    refresh: number
    searchRef: RefObject<HTMLInputElement | null>
    onOpen: (experimentId: number, runId?: number) => void
    onRerun: (run: RunSummary, request: ComposeRequest) => void
    onDeleted: (runId: number) => void
    onImported: (experimentId: number) => void
  }
}

/** The left pane: what the workspace shows, a new experiment, and the history of past ones. */
export function Sidebar({ view, onView, models, busy, compose, onScore, history }: Props) {
  const t = useT()
  const forms = useModule(loadForms)
  return (
    <div className="sidebar">
      <nav className="sidebar-nav" aria-label={t('shell.nav')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            aria-current={view === v ? 'page' : undefined}
            className={view === v ? 'current' : ''}
            onClick={() => onView(v)}
          >
            {t(VIEW_LABELS[v])}
          </button>
        ))}
      </nav>
      <details className="sidebar-section" open>
        <summary>{t('shell.newExperiment')}</summary>
        {forms ? (
          <forms.ComposeForm
            key={compose.draftKey}
            initial={compose.draft}
            busy={busy}
            onRun={compose.onRun}
            models={models}
            formRef={compose.formRef}
          />
        ) : (
          <p className="empty">…</p>
        )}
      </details>
      <details className="sidebar-section">
        <summary>{t('score.title')}</summary>
        {forms && <forms.ScoreForm models={models} busy={busy} onScore={onScore} />}
      </details>
      <div className="history-head">
        <h2>{t('app.history')}</h2>
        <ImportButton onImported={history.onImported} />
      </div>
      <HistoryView
        busy={busy}
        refresh={history.refresh}
        models={models}
        searchRef={history.searchRef}
        onOpen={history.onOpen}
        onRerun={history.onRerun}
        onDeleted={history.onDeleted}
      />
    </div>
  )
}
