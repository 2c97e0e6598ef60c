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

  it("branches and re-runs with the run's own context size: recorded in its provenance, not the default", async () => {
    const { service, start } = setup()
    const asked = { model: 'tang-poems', prompt: '春', maxTokens: 20, topN: 5, strategies: [greedy] }
    const done = await start({ ...asked, contextSize: 8 })
    const experimentId = done.experimentId as number
    // The branch names no context size, as the app's "continue from here" does.
    const branch = await start({ ...asked, experimentId })
    expect(branch.error).toBeNull()
    const { runs } = await service['experiment.get']({ experimentId })
    expect(runs.map((r) => r.provenance?.modelOptions)).toEqual([{ contextSize: 8 }, { contextSize: 8 }])
    expect(runs.map((r) => r.sequences.map((s) => [s.tokens.length, s.finished]))).toEqual([[[6, false]], [[6, false]]])
    // Without a recorded option the branch loads the default context (256), where 20 tokens fit.
    const plain = await start(asked)
    const plainBranch = await start({ ...asked, experimentId: plain.experimentId as number })
    expect(plainBranch.error).toBeNull()
    const second = await service['experiment.get']({ experimentId: plain.experimentId as number })
    expect(second.runs.map((r) => r.provenance?.modelOptions)).toEqual([undefined, undefined])
    expect(second.runs.map((r) => r.sequences[0].tokens.length)).toEqual([20, 20])
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
