// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { dispatch } from '../ipc/dispatch'
import { parseOrder } from '../../core/processors/order'
import { useLabJobs } from '../testing/lab-harness'

const setup = useLabJobs(20_000)

// seed-weather's vocabulary: <start> 0, 天 1, 气 2, 好 3, <end> 4.
const TIAN = 1
const HAO = 3
const weather = { model: 'seed-weather', prompt: '', maxTokens: 1, topN: 10 }

describe('step.compareOrder: a stored step under another order, in the worker', () => {
  it('seed-weather at temperature 2 and top-p 0.58: hf keeps 天 √.6/(√.6+√.4), llama keeps 天 alone', async () => {
    const { service, start } = setup()
    const done = await start({
      ...weather,
      strategies: [{ name: 'sample', params: { temperature: 2, topP: 0.58, order: parseOrder('hf'), seed: 1 } }],
    })
    expect(done.error).toBeNull()
    const { runs } = await service['experiment.get']({ experimentId: done.experimentId as number })
    const runId = runs[0].id
    const answer = await dispatch(service, 'step.compareOrder', { runId, nodeId: 0, order: 'llama' })
    expect(answer.ok).toBe(true)
    const result = (answer as { result: Awaited<ReturnType<(typeof service)['step.compareOrder']>> }).result
    expect(result).toMatchObject({
      order: { text: 'llama' },
      runOrder: { text: 'hf' },
      chain: ['topP', 'temperature'],
      runChain: ['temperature', 'topP'],
      differs: true,
      appliedTemperature: null,
      notes: [],
    })
    expect(Object.fromEntries(result.candidates.map((c) => [c.tokenId, [c.processedProb, c.filteredBy]]))).toEqual({
      [TIAN]: [1, null],
      [HAO]: [0, 'topP'],
    })
    // The stored run itself is unchanged: hf's values.
    const stored = runs[0].tree.find((n) => n.parent === 0 && n.tokenId === TIAN)
    expect(stored?.processedProb).toBeCloseTo(Math.sqrt(0.6) / (Math.sqrt(0.6) + Math.sqrt(0.4)), 12)
    // The worker is free again: a run after the comparison still decodes.
    expect((await start({ ...weather, strategies: [{ name: 'greedy', params: {} }] })).error).toBeNull()
  })

  it('says what is wrong: a greedy run, an unknown order, a missing run, a node that is no step', async () => {
    const { service, start } = setup()
    const done = await start({ ...weather, strategies: [{ name: 'greedy', params: {} }] })
    const { runs } = await service['experiment.get']({ experimentId: done.experimentId as number })
    expect(await dispatch(service, 'step.compareOrder', { runId: runs[0].id, nodeId: 0, order: 'llama' })).toEqual({
      ok: false,
      kind: 'input',
      error: `run ${runs[0].id} is a greedy run: only sample runs have a processor chain whose order can change`,
    })
    expect(await dispatch(service, 'step.compareOrder', { runId: runs[0].id, nodeId: 0, order: 'topK>warm' })).toEqual({
      ok: false,
      kind: 'input',
      error: expect.stringContaining('"warm" is not a processor'),
    })
    expect(await dispatch(service, 'step.compareOrder', { runId: 999, nodeId: 0, order: 'hf' })).toEqual({
      ok: false,
      kind: 'input',
      error: 'run 999 does not exist (it may have been deleted)',
    })
    const sampled = await start({ ...weather, strategies: [{ name: 'sample', params: { topK: 1, seed: 1 } }] })
    const sampledRun = (await service['experiment.get']({ experimentId: sampled.experimentId as number })).runs[0]
    const leaf = sampledRun.tree.find((n) => !n.expanded) ?? sampledRun.tree[1]
    expect(
      await dispatch(service, 'step.compareOrder', { runId: sampledRun.id, nodeId: leaf.id, order: 'hf' }),
    ).toEqual({
      ok: false,
      kind: 'input',
      error: `node ${leaf.id} of run ${sampledRun.id} is not a step the run expanded`,
    })
  })

  it('tang-poems (GGUF): a step replayed under llama order is what a llama-order run forced to the same prefix records', async () => {
    const { service, start } = setup()
    const params = { temperature: 0.7, topK: 20, topP: 0.9, minP: 0.02, repetitionPenalty: 1.2, seed: 3 }
    const poems = { model: 'tang-poems', prompt: '春', topN: 10 }
    const first = await start({
      ...poems,
      maxTokens: 6,
      strategies: [{ name: 'sample', params: { ...params, order: parseOrder('hf') } }],
    })
    expect(first.error).toBeNull()
    const experimentId = first.experimentId as number
    const [run] = (await service['experiment.get']({ experimentId })).runs
    // The step after the third drawn token: its path is the chosen sequence's first three tokens.
    const step = run.tree.find((n) => n.depth === 3 && n.status === 'chosen' && n.expanded)
    if (!step) throw new Error('no expanded chosen node at depth 3')
    const path = run.sequences[0].tokenIds.slice(0, 3)
    const answer = await service['step.compareOrder']({ runId: run.id, nodeId: step.id, order: parseOrder('llama') })
    expect(answer.notes).toEqual([])
    expect(answer.chain).toEqual(['repetitionPenalty', 'topK', 'topP', 'minP', 'temperature'])

    // The same step decoded for real in llama order: the path forced, one token sampled.
    const branch = await start({
      ...poems,
      maxTokens: 6,
      experimentId,
      strategies: [{ name: 'sample', params: { ...params, order: parseOrder('llama') }, forced: path }],
    })
    expect(branch.error).toBeNull()
    const forced = (await service['experiment.get']({ experimentId })).runs[1]
    const node = forced.tree.find((n) => n.depth === 3 && n.forced)
    if (!node) throw new Error('no forced node at depth 3')
    const decoded = new Map(forced.tree.filter((n) => n.parent === node.id).map((n) => [n.tokenId, n]))
    expect(answer.candidates.length).toBe(10)
    for (const c of answer.candidates) {
      const d = decoded.get(c.tokenId)
      expect(d, `token ${c.tokenId}`).toBeDefined()
      expect(c.processedProb).toBeCloseTo(d?.processedProb as number, 6)
      expect(c.filteredBy).toBe(d?.filteredBy)
    }
    // The orders differ here: some candidate's probability moved (temperature before or after the cuts).
    const own = new Map(run.tree.filter((n) => n.parent === step.id).map((n) => [n.tokenId, n.processedProb as number]))
    expect(
      Math.max(...answer.candidates.map((c) => Math.abs(c.processedProb - (own.get(c.tokenId) ?? 0)))),
    ).toBeGreaterThan(1e-3)
  }, 120_000)
})
