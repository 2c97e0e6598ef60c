import type { Experiment, RunDetail } from '../../../core/records'
import { ExportMenu } from '../export/ExportMenu'
import { useT } from '../i18n/i18n'

/** The open experiment's model and prompt, and its exports. */
export function ExperimentHeader({ experiment, run }: { experiment: Experiment | null; run: RunDetail }) {
  const t = useT()
  return (
    <div className="experiment-header">
      {experiment && (
        <h2 className="experiment-title">
          {t('shell.experimentTitle', {
            id: experiment.id,
            model: experiment.modelId,
            prompt: experiment.prompt || t('shell.emptyPrompt'),
          })}
        </h2>
      )}
      <div className="export-bar">
        <ExportMenu target={{ experimentId: run.experimentId }} label={t('export.experiment')} />
        <ExportMenu key={run.id} target={{ runId: run.id }} label={t('export.run', { id: run.id })} />
      </div>
    </div>
  )
}
