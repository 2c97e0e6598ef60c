// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRequest, type EventPayload } from '../../../core/contract'
import { useLabService } from '../../testing/lab-harness'

const setup = useLabService()
const SHIPPED = path.join(__dirname, '..', '..', '..', '..', 'resources', 'models', 'tang-poems.gguf')
const greedy = {
  prompt: '春',
  maxTokens: 8,
  topN: 5,
  model: 'tang-poems',
  strategies: [{ name: 'greedy', params: {} }],
}

/** The model hosts this test process started (from its decode worker thread): their pids, found in /proc. */
function hostPids(): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        return ppid === process.pid && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('host-entry')
      } catch {
        return false
      }
    })
    .map(Number)
}

describe('a model host that dies mid-decode', () => {
  it('fails that run with one line naming the file, keeps the earlier run, and the next run gets a fresh host', async () => {
    const { service, waitFor } = setup()
    const first = await service['experiment.start'](parseRequest('experiment.start', greedy))
    expect(
      (await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === first.jobId)).payload,
    ).toMatchObject({ error: null })
    const firstRun = (await waitFor((e) => e.channel === 'run.started' && e.payload.jobId === first.jobId))
      .payload as EventPayload<'run.started'>

    const long = await service['experiment.start'](
      parseRequest('experiment.start', {
        ...greedy,
        maxTokens: 200,
        strategies: [{ name: 'nucleus', params: { p: 0.9, samples: 200, seed: 1 } }],
      }),
    )
    const started = (await waitFor((e) => e.channel === 'run.started' && e.payload.jobId === long.jobId))
      .payload as EventPayload<'run.started'>
    await waitFor((e) => e.channel === 'run.progress' && e.payload.jobId === long.jobId)
    const [host] = hostPids()
    expect(hostPids()).toHaveLength(1)
    // A real crash of the real process, as llama.cpp's abort() gives it.
    process.kill(host, 'SIGABRT')
    const finished = await waitFor((e) => e.channel === 'run.finished' && e.payload.jobId === long.jobId)
    const line = `llama.cpp crashed on ${SHIPPED} without a message (its model host ended, killed by SIGABRT)`
    expect(finished.payload).toMatchObject({ status: 'failed', error: line })
    const failed = await service['run.get']({ runId: started.runId })
    expect([failed.status, failed.error]).toEqual(['failed', line])
    const earlier = await service['run.get']({ runId: firstRun.runId })
    expect(earlier.status).toBe('done')

    const again = await service['experiment.start'](parseRequest('experiment.start', greedy))
    expect(
      (await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === again.jobId)).payload,
    ).toMatchObject({ error: null })
    const againRun = (await waitFor((e) => e.channel === 'run.started' && e.payload.jobId === again.jobId))
      .payload as EventPayload<'run.started'>
    const next = await service['run.get']({ runId: againRun.runId })
    expect([next.status, next.sequences[0].text]).toEqual(['done', earlier.sequences[0].text])
    expect(hostPids()).not.toContain(host)
  }, 60_000)
})
