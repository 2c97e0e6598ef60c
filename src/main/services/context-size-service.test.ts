// @vitest-environment node
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseRequest, type EventChannel, type EventPayload, type RequestPayload } from '../../core/contract'
import { useTempDir } from '../testing/temp-dir'
import { LabService } from './lab-service'

const tempDir = useTempDir()
const services: LabService[] = []
afterEach(async () => {
  for (const s of services.splice(0)) await s.close()
})

type Finished = EventPayload<'job.finished'>

function setup() {
  const finished: Finished[] = []
  const service = new LabService(path.join(tempDir(), 'lab.sqlite'), <C extends EventChannel>(channel: C, payload: EventPayload<C>) => {
    if (channel === 'job.finished') finished.push(payload as Finished)
  })
  services.push(service)
  const start = async (request: RequestPayload<'experiment.start'>): Promise<Finished> => {
    const { jobId } = await service['experiment.start'](parseRequest('experiment.start', request))
    for (const end = Date.now() + 40_000; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
      const done = finished.find((f) => f.jobId === jobId)
      if (done) return done
    }
    throw new Error(`job ${jobId} did not finish`)
  }
  return { service, start }
}

const greedy = { name: 'greedy', params: {} }

describe('the context size as a model option of the app', () => {
  it('runs tang-poems (trained on 256 tokens) in a context of 8: BOS, 春 and 6 tokens, unfinished, with a warning', async () => {
    const { service, start } = setup()
    const done = await start({ model: 'tang-poems', prompt: '春', maxTokens: 20, topN: 5, contextSize: 8, strategies: [greedy] })
    expect(done.error).toBeNull()
    const { runs } = await service['experiment.get']({ experimentId: done.experimentId as number })
    expect(runs[0].sequences.map((s) => [s.tokens.length, s.finished])).toEqual([[6, false]])
    expect(runs[0].warnings).toEqual(['the context of tang-poems is full (8 tokens): a sequence stopped after 6 tokens, before max tokens; a larger context size lets it go on'])
  }, 60_000)

  it('fails the job with one line above the trained length, or for a model that is not GGUF', async () => {
    const { start } = setup()
    const big = await start({ model: 'tang-poems', prompt: '春', maxTokens: 2, topN: 5, contextSize: 257, strategies: [greedy] })
    expect(big.error).toBe('a context size of 257 tokens is more than tang-poems was trained for (256): give at most 256')
    const table = await start({ model: 'seed-weather', prompt: '', maxTokens: 2, topN: 5, contextSize: 8, strategies: [greedy] })
    expect(table.error).toBe('a context size applies to GGUF models only; seed-weather is a table model')
  }, 60_000)
})
