import path from 'node:path'
import { afterEach } from 'vitest'
import { parseRequest, type EventChannel, type EventPayload, type RequestInput } from '../../core/contract'
import { LabService } from '../services/lab-service'
import { useTempDir } from './temp-dir'

export type LabEvent = { [C in EventChannel]: { channel: C; payload: EventPayload<C> } }[EventChannel]

/** A LabService on a fresh database for each test, its events recorded, closed afterwards. */
export function useLabService() {
  const tempDir = useTempDir()
  const services: LabService[] = []
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close()
  })
  return () => {
    const dir = tempDir()
    const events: LabEvent[] = []
    const waiters: (() => void)[] = []
    const service = new LabService(path.join(dir, 'lab.sqlite'), (channel, payload) => {
      events.push({ channel, payload } as LabEvent)
      waiters.splice(0).forEach((w) => w())
    })
    services.push(service)
    /** The first event, recorded or to come, that matches. */
    const waitFor = async (match: (e: LabEvent) => boolean, ms = 20_000): Promise<LabEvent> => {
      const end = Date.now() + ms
      for (;;) {
        const found = events.find(match)
        if (found) return found
        if (Date.now() > end) throw new Error(`timed out; events: ${JSON.stringify(events.map((e) => e.channel))}`)
        await new Promise<void>((resolve) => {
          waiters.push(resolve)
          setTimeout(resolve, 100)
        })
      }
    }
    return { dir, service, events, waitFor }
  }
}

/**
 * useLabService() with `start`, which runs an experiment request (parsed as the bridge parses it) to
 * its end and returns its job.finished.
 */
export function useLabJobs(ms = 40_000) {
  const setup = useLabService()
  return () => {
    const lab = setup()
    const start = async (request: RequestInput<'experiment.start'>): Promise<EventPayload<'job.finished'>> => {
      const { jobId } = await lab.service['experiment.start'](parseRequest('experiment.start', request))
      const done = await lab.waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId, ms)
      return done.payload as EventPayload<'job.finished'>
    }
    return { ...lab, start }
  }
}
