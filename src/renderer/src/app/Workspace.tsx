import type { RequestPayload } from '../../../core/contract'
import type { ModelList } from '../compose/use-models'
import { useT } from '../i18n/i18n'
import { SweepView } from '../sweep/SweepView'
import { ExperimentHeader } from './ExperimentHeader'
import { ExperimentTabs } from './ExperimentTabs'
export { preloadTabs } from './ExperimentTabs'
import { LiveProgress } from './LiveProgress'
import { ModelsView } from './ModelsView'
import type { OpenState } from './url-state'
import type { OpenExperiment } from './use-open-experiment'
import type { Live } from './use-live-job'
import { Welcome } from './Welcome'

interface Props {
  state: OpenState
  update: (change: Partial<OpenState>) => void
  models: ModelList
  opened: OpenExperiment
  live: Live | null
  onCancel: () => void
  error: string
  notice: string
  welcome: { onNext: () => void; onDismiss: () => void } | null
  onBranch: (request: RequestPayload<'experiment.start'>) => void
  onUseModel: (modelId: string) => void
}

/** The right pane: the open experiment's tabs, or the sweeps, or the models. */
export function Workspace({
  state,
  update,
  models,
  opened,
  live,
  onCancel,
  error,
  notice,
  welcome,
  onBranch,
  onUseModel,
}: Props) {
  const t = useT()
  const { experiment, runs } = opened
  const treeRun = runs.find((r) => r.id === state.runId) ?? runs[0]
  return (
    <div className="workspace" aria-label={t('shell.workspace')} role="region">
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
      {live && <LiveProgress live={live} onCancel={onCancel} />}
      {/* Sweeps keep running and reporting while another view is shown. */}
      <div hidden={state.view !== 'sweeps'}>
        <SweepView models={models} currentPrompt={experiment?.prompt ?? null} />
      </div>
      {state.view === 'models' && <ModelsView models={models} onUse={onUseModel} />}
      {state.view === 'experiment' && welcome && treeRun && (
        <Welcome busy={live !== null} onNext={welcome.onNext} onDismiss={welcome.onDismiss} />
      )}
      {state.view === 'experiment' && !treeRun && !live && <p className="empty">{t('shell.noExperiment')}</p>}
      {state.view === 'experiment' && treeRun && (
        <>
          <ExperimentHeader experiment={experiment} run={treeRun} />
          <ExperimentTabs
            runs={runs}
            tab={state.tab}
            onTab={(tab) => update({ tab })}
            treeRun={treeRun}
            onTreeRun={(runId) => update({ runId })}
            busy={live !== null}
            onBranch={
              experiment?.id === treeRun.experimentId
                ? (strategies) =>
                    onBranch({
                      model: experiment.modelId,
                      prompt: experiment.prompt,
                      maxTokens: experiment.maxTokens,
                      topN: experiment.topN,
                      strategies,
                      experimentId: experiment.id,
                    })
                : undefined
            }
          />
        </>
      )}
    </div>
  )
}
