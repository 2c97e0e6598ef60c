// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { parseRequest, type RequestInput } from '../../core/contract'
import { useLabJobs } from '../testing/lab-harness'

const setup = useLabJobs(20_000)

// seed-weather's vocabulary: <start> 0, 天 1, 气 2, 好 3, <end> 4.
const HAO = 3
const weather = { model: 'seed-weather', prompt: '', maxTokens: 8, topN: 10 }
const greedy = { name: 'greedy', params: {} }

describe('branching into the same experiment', () => {
  it('adds a forced branch as the next run of the experiment: 好 forced after <start>, then greedy: 0.4 × 1.0', async () => {
    const { service, start } = setup()
    const first = await start({ ...weather, strategies: [greedy] })
    expect(first.error).toBeNull()
    const experimentId = first.experimentId as number

    const branch = await start({ ...weather, experimentId, strategies: [{ ...greedy, forced: [HAO] }] })
    expect(branch).toMatchObject({ experimentId, error: null })

    const { experiment, runs } = await service['experiment.get']({ experimentId })
    expect(experiment.prompt).toBe('')
    expect(runs.map((r) => [r.position, r.strategy.name, r.strategy.forced ?? null])).toEqual([
      [0, 'greedy', null],
      [1, 'greedy', [HAO]],
    ])
    const [own, forced] = runs
    expect(own.sequences[0].tokens).toEqual(['天', '气', '好', '<end>'])
    expect(own.sequences[0].probability).toBeCloseTo(0.6 * 0.9 * 0.8 * 1.0, 12)
    // P(好 <end> | prompt) = P(好 | <start>) × P(<end> | <start> 好) = 0.4 × 1.0, the forced token included.
    expect(forced.sequences[0].tokens).toEqual(['好', '<end>'])
    expect(forced.sequences[0].probability).toBeCloseTo(0.4, 12)
    expect(forced.sequences[0].logProb).toBeCloseTo(Math.log(0.4), 12)
    // The forced token is marked in the stored tree, and only it.
    expect(forced.tree.filter((n) => n.forced).map((n) => [n.text, n.prob])).toEqual([['好', 0.4]])
    // Metrics are stored for the branch; a forced run has no search gap.
    expect(forced.metrics?.sequences[0].perplexity).toBeCloseTo(0.4 ** (-1 / 2), 10)
    expect(forced.metrics?.searchGap).toBeNull()
    expect((await service['runs.list']({ limit: 10, offset: 0 })).runs.map((r) => r.experimentId)).toEqual([
      experimentId,
      experimentId,
    ])
  })

  it('forces an edited text, tokenized by the model: "天好" is 天 then 好, 0.6 × 0.1 × 1.0; beam after "天" keeps three sequences', async () => {
    const { service, start } = setup()
    const { experimentId } = await start({ ...weather, strategies: [greedy] })
    const edited = await start({
      ...weather,
      experimentId: experimentId as number,
      strategies: [{ ...greedy, forcedText: '天好' }],
    })
    expect(edited.error).toBeNull()
    const beam = await start({
      ...weather,
      experimentId: experimentId as number,
      strategies: [{ name: 'beam', params: { width: 4 }, forcedText: '天' }],
    })
    expect(beam.error).toBeNull()
    const { runs } = await service['experiment.get']({ experimentId: experimentId as number })
    expect(runs.map((r) => r.strategy.forced ?? null)).toEqual([null, [1, HAO], [1]])
    expect(runs[1].sequences[0].tokens).toEqual(['天', '好', '<end>'])
    expect(runs[1].sequences[0].probability).toBeCloseTo(0.6 * 0.1 * 1.0, 12)
    expect(runs[1].tree.filter((n) => n.forced).map((n) => n.text)).toEqual(['天', '好'])
    // 天 气 好 <end> 0.6 × 0.9 × 0.8 × 1.0; 天 气 <end> 0.6 × 0.9 × 0.2; 天 好 <end> 0.6 × 0.1 × 1.0.
    expect(runs[2].sequences.map((s) => s.tokens.join(' '))).toEqual(['天 气 好 <end>', '天 气 <end>', '天 好 <end>'])
    expect(runs[2].sequences.map((s) => s.probability)).toEqual([0.432, 0.108, 0.06].map((p) => expect.closeTo(p, 12)))
  })

  it('refuses a branch into an experiment that does not exist or has another model, prompt or limits, before any run is stored', async () => {
    const { service, start } = setup()
    const { experimentId } = await start({ ...weather, strategies: [greedy] })
    const id = experimentId as number
    const branch = (change: Partial<RequestInput<'experiment.start'>>) =>
      service['experiment.start'](
        parseRequest('experiment.start', {
          ...weather,
          experimentId: id,
          strategies: [{ ...greedy, forced: [HAO] }],
          ...change,
        }),
      )
    await expect(branch({ experimentId: id + 1 })).rejects.toThrow(`experiment ${id + 1} does not exist`)
    await expect(branch({ model: 'greedy-trap' })).rejects.toThrow(
      `cannot add a branch to experiment ${id}: its model is "seed-weather", the branch asks for "greedy-trap"`,
    )
    await expect(branch({ prompt: '天' })).rejects.toThrow(
      `cannot add a branch to experiment ${id}: its prompt is "", the branch asks for "天"`,
    )
    await expect(branch({ maxTokens: 3 })).rejects.toThrow('its max tokens is 8, the branch asks for 3')
    expect((await service['runs.list']({ limit: 10, offset: 0 })).total).toBe(1)
  })

  it('fails the job with a clear message for an edited text the model cannot tokenize or gives probability 0', async () => {
    const { service, start } = setup()
    const { experimentId } = await start({ ...weather, strategies: [greedy] })
    const id = experimentId as number
    const unknown = await start({ ...weather, experimentId: id, strategies: [{ ...greedy, forcedText: '雨' }] })
    expect(unknown.error).toContain('cannot tokenize "雨"')
    // 气 right after the prompt: P(气 | <start>) = 0.
    const impossible = await start({ ...weather, experimentId: id, strategies: [{ ...greedy, forcedText: '气' }] })
    expect(impossible.error).toContain('gives "气" probability 0')
    expect((await service['experiment.get']({ experimentId: id })).runs).toHaveLength(1)
  })

  it('the contract takes forced ids or an edited text, not both', () => {
    expect(() =>
      parseRequest('experiment.start', {
        ...weather,
        experimentId: 1,
        strategies: [{ ...greedy, forced: [HAO], forcedText: '好' }],
      }),
    ).toThrow('invalid experiment.start request: strategies.0.forcedText: give forced or forcedText, not both')
  })
})
