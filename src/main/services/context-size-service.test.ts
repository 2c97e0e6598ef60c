// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { useLabJobs } from '../testing/lab-harness'

const setup = useLabJobs(40_000)

const greedy = { name: 'greedy', params: {} }

describe('the context size as a model option of the app', () => {
  it('runs tang-poems (trained on 256 tokens) in a context of 8: BOS, 春 and 6 tokens, unfinished, with a warning', async () => {
    const { service, start } = setup()
    const done = await start({
      model: 'tang-poems',
      prompt: '春',
      maxTokens: 20,
      topN: 5,
      contextSize: 8,
      strategies: [greedy],
    })
    expect(done.error).toBeNull()
    const { runs } = await service['experiment.get']({ experimentId: done.experimentId as number })
    expect(runs[0].sequences.map((s) => [s.tokens.length, s.finished])).toEqual([[6, false]])
    expect(runs[0].warnings).toEqual([
      'the context of tang-poems is full (8 tokens): a sequence stopped after 6 tokens, before max tokens; a larger context size lets it go on',
    ])
  }, 60_000)

  it('fails the job with one line above the trained length, or for a model that is not GGUF', async () => {
    const { start } = setup()
    const big = await start({
      model: 'tang-poems',
      prompt: '春',
      maxTokens: 2,
      topN: 5,
      contextSize: 257,
      strategies: [greedy],
    })
    expect(big.error).toBe(
      'a context size of 257 tokens is more than tang-poems was trained for (256): give at most 256',
    )
    const table = await start({
      model: 'seed-weather',
      prompt: '',
      maxTokens: 2,
      topN: 5,
      contextSize: 8,
      strategies: [greedy],
    })
    expect(table.error).toBe('a context size applies to GGUF models only; seed-weather is a table model')
  }, 60_000)
})
