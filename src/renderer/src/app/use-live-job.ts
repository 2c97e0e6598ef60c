import { useCallback, useEffect, useRef, useState } from 'react'
import type { RequestPayload } from '../../../core/contract'
import type { RunStatus } from '../../../core/records'
import { formatStrategy, type StrategySpec } from '../../../core/strategy-spec'
import { lab } from '../api/client'
import { useT } from '../i18n/i18n'
import { userError } from './user-error'

export interface LiveRun {
  label: string
  step: number
  maxTokens: number
  text: string
  status: RunStatus
}

export interface Live {
  jobId: number
  runs: Map<number, LiveRun>
  cancelling: boolean
}

export interface JobEnd {
  experimentId: number | null
  /** The job's first run: a branch added to the open experiment shows itself. */
  firstRunId: number | null
}

/** The comparison being decoded: its runs' progress as events report it, start and cancel. */
export function useLiveJob(onError: (message: string) => void, onFinished: (end: JobEnd) => void) {
  const t = useT()
  const [live, setLive] = useState<Live | null>(null)
  /** Jobs whose end was announced; a fast job can end before `experiment.start` has answered. */
  const finishedJobs = useRef(new Set<number>())
  const firstRuns = useRef(new Map<number, number>())
  const finished = useRef(onFinished)
  finished.current = onFinished

  useEffect(() => {
    const patch = (jobId: number, runId: number, change: Partial<LiveRun>): void =>
      setLive((l) => {
        // A sweep's runs are the sweep view's to show.
        if (l?.jobId !== jobId) return l
        const next = new Map(l.runs)
        next.set(runId, {
          label: '',
          step: 0,
          maxTokens: 0,
          text: '',
          status: 'running',
          ...next.get(runId),
          ...change,
        })
        return { ...l, runs: next }
      })
    const offs = [
      lab.on('run.started', (e) => {
        if (!firstRuns.current.has(e.jobId)) firstRuns.current.set(e.jobId, e.runId)
        patch(e.jobId, e.runId, { label: formatStrategy(e.strategy as StrategySpec) })
      }),
      lab.on('run.progress', (e) => patch(e.jobId, e.runId, { step: e.step, maxTokens: e.maxTokens, text: e.text })),
      lab.on('run.finished', (e) => patch(e.jobId, e.runId, { status: e.status })),
      lab.on('job.finished', (e) => {
        finishedJobs.current.add(e.jobId)
        setLive((l) => (l?.jobId === e.jobId ? null : l))
        if (e.error) onError(e.error)
        // A sweep's job names no experiment: its runs stay in the sweep view.
        finished.current({
          experimentId: e.experimentId,
          firstRunId: e.experimentId === null ? null : (firstRuns.current.get(e.jobId) ?? null),
        })
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [onError])

  const start = useCallback(
    async (request: RequestPayload<'experiment.start'>): Promise<void> => {
      try {
        const { jobId } = await lab.invoke('experiment.start', request)
        if (!finishedJobs.current.has(jobId)) setLive({ jobId, runs: new Map(), cancelling: false })
      } catch (e) {
        onError(userError(e, t))
      }
    },
    [onError, t],
  )

  /** Scores a pasted text; it has no run events, only job.finished with the saved experiment. */
  const startScore = useCallback(
    async (request: RequestPayload<'score.start'>): Promise<void> => {
      try {
        const { jobId } = await lab.invoke('score.start', request)
        if (!finishedJobs.current.has(jobId)) setLive({ jobId, runs: new Map(), cancelling: false })
      } catch (e) {
        onError(userError(e, t))
      }
    },
    [onError, t],
  )

  const cancel = useCallback(async (): Promise<void> => {
    if (!live || live.cancelling) return
    setLive({ ...live, cancelling: true })
    try {
      await lab.invoke('job.cancel', { jobId: live.jobId })
    } catch (e) {
      onError(userError(e, t))
    }
  }, [live, onError, t])

  return { live, start, startScore, cancel }
}
