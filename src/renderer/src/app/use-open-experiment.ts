import { useCallback, useState } from 'react'
import type { Experiment, RunDetail } from '../../../core/records'
import { lab } from '../api/client'
import { useT } from '../i18n/i18n'
import { userError } from './user-error'

export interface OpenExperiment {
  experiment: Experiment | null
  runs: RunDetail[]
  /** Loads an experiment with its runs; false (and the error shown) when it cannot. */
  open: (experimentId: number) => Promise<boolean>
  removeRun: (runId: number) => void
}

/** The experiment in the workspace and its runs, as the main process last gave them. */
export function useOpenExperiment(onError: (message: string) => void): OpenExperiment {
  const t = useT()
  const [experiment, setExperiment] = useState<Experiment | null>(null)
  const [runs, setRuns] = useState<RunDetail[]>([])
  const open = useCallback(
    async (experimentId: number): Promise<boolean> => {
      try {
        const opened = await lab.invoke('experiment.get', { experimentId })
        setExperiment(opened.experiment)
        setRuns(opened.runs)
        return true
      } catch (e) {
        onError(userError(e, t))
        return false
      }
    },
    [t, onError],
  )
  const removeRun = useCallback((runId: number) => setRuns((shown) => shown.filter((r) => r.id !== runId)), [])
  return { experiment, runs, open, removeRun }
}
