import { useCallback, useEffect, useRef, useState } from 'react'
import type { EventPayload } from '../../../core/contract'
import type { SweepDetail, SweepSummary } from '../../../core/sweep/sweep-records'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import type { ModelList } from '../compose/use-models'
import { useT } from '../i18n/i18n'
import { SweepForm, type SweepRequest } from './SweepForm'
import { SweepList } from './SweepList'
import { SweepProgress } from './SweepProgress'
import { SweepResults } from './SweepResults'
import './sweep.css'

interface Running {
  jobId: number
  progress: EventPayload<'sweep.progress'> | null
  cancelling: boolean
}

/** Start a sweep, watch its progress, cancel it, and read the results of this or a past sweep. */
export function SweepView({ models, currentPrompt = null }: { models: ModelList; currentPrompt?: string | null }) {
  const t = useT()
  const [sweeps, setSweeps] = useState<SweepSummary[]>([])
  const [opened, setOpened] = useState<SweepDetail | null>(null)
  const [running, setRunning] = useState<Running | null>(null)
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  /** How each job ended, kept for a job that ends before `sweep.start` has answered. */
  const endings = useRef(new Map<number, EventPayload<'sweep.finished'> | EventPayload<'job.finished'>>())
  const jobId = useRef<number | null>(null)

  const reload = useCallback(async () => {
    try {
      setSweeps((await lab.invoke('sweeps.list', {})).sweeps)
    } catch (e) {
      setError(userError(e, t))
    }
  }, [t])

  const open = useCallback(
    async (sweepId: number) => {
      try {
        setOpened(await lab.invoke('sweep.get', { sweepId }))
      } catch (e) {
        setError(userError(e, t))
      }
    },
    [t],
  )

  const end = useCallback(
    (e: EventPayload<'sweep.finished'> | EventPayload<'job.finished'>) => {
      jobId.current = null
      setRunning(null)
      void reload()
      if (e.error) setError(e.error)
      if (!('sweepId' in e)) return
      if (!e.error) setNotice(t(e.cancelled ? 'sweep.cancelled' : 'sweep.finished', { done: e.done, total: e.total }))
      if (e.sweepId !== null) void open(e.sweepId)
    },
    [open, reload, t],
  )

  useEffect(() => {
    void reload()
  }, [reload])

  useEffect(() => {
    const offs = [
      lab.on('sweep.progress', (e) => setRunning((r) => (r?.jobId === e.jobId ? { ...r, progress: e } : r))),
      lab.on('sweep.finished', (e) => {
        endings.current.set(e.jobId, e)
        if (e.jobId === jobId.current) end(e)
      }),
      // A crashed worker ends the job without a sweep.finished.
      lab.on('job.finished', (e) => {
        if (endings.current.has(e.jobId)) return
        endings.current.set(e.jobId, e)
        if (e.jobId === jobId.current) end(e)
      }),
    ]
    return () => offs.forEach((off) => off())
  }, [end])

  const start = async (request: SweepRequest): Promise<void> => {
    setError('')
    setNotice('')
    try {
      const started = await lab.invoke('sweep.start', request)
      jobId.current = started.jobId
      setRunning({ jobId: started.jobId, progress: null, cancelling: false })
      const ended = endings.current.get(started.jobId)
      if (ended) end(ended)
    } catch (e) {
      setError(userError(e, t))
    }
  }

  const cancel = async (): Promise<void> => {
    if (!running || running.cancelling) return
    setRunning({ ...running, cancelling: true })
    try {
      await lab.invoke('job.cancel', { jobId: running.jobId })
    } catch (e) {
      setError(userError(e, t))
    }
  }

  return (
    <section className="sweeps compose-area" id="sweeps" aria-label={t('sweep.title')}>
      <h2>{t('sweep.title')}</h2>
      <p className="hint">{t('sweep.hint')}</p>
      <SweepForm models={models} busy={running !== null} onStart={(r) => void start(r)} currentPrompt={currentPrompt} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && !running && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {running && (
        <SweepProgress progress={running.progress} cancelling={running.cancelling} onCancel={() => void cancel()} />
      )}
      {opened && <SweepResults sweep={opened} />}
      <SweepList sweeps={sweeps} onOpen={(id) => void open(id)} />
    </section>
  )
}
