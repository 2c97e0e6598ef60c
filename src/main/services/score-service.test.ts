// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { dispatch } from '../ipc/dispatch'
import { useLabService } from '../testing/lab-harness'

const setup = useLabService()

describe('score.start', () => {
  it('scores 天 好 in the worker and saves it as a run named score, 好 at rank 1 beside 气', async () => {
    const { service, waitFor } = setup()
    const { jobId } = await service['score.start']({ model: 'seed-weather', prompt: '', text: '天好', topN: 10 })
    const done = await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    expect(done.payload).toMatchObject({ error: null })
    const experimentId = (done.payload as { experimentId: number }).experimentId
    const { experiment, runs } = await service['experiment.get']({ experimentId })
    expect(experiment).toMatchObject({ modelId: 'seed-weather', prompt: '', maxTokens: 2, topN: 10 })
    expect(runs).toHaveLength(1)
    expect(runs[0].strategy).toEqual({ name: 'score', params: {}, textParams: { text: '天好' } })
    // Its record, as a decoding run's: scored raw (no chat), with no load options set.
    expect(runs[0].provenance?.strategy).toEqual({ name: 'score', parameters: {}, chain: [], seed: null })
    expect(runs[0].provenance?.chat).toBeUndefined()
    expect(runs[0].status).toBe('done')
    expect(runs[0].sequences[0].tokens).toEqual(['天', '好'])
    expect(runs[0].sequences[0].probability).toBeCloseTo(0.6 * 0.1, 12)
    expect(runs[0].tree.map((n) => [n.text, n.rank])).toEqual([
      ['', 0],
      ['天', 0],
      ['好', 1],
      ['气', 0],
      ['好', 1],
    ])
    const { runs: history } = await service['runs.list']({ strategy: 'score', limit: 10, offset: 0 })
    expect(history.map((r) => r.id)).toEqual([runs[0].id])
  })

  it('re-runs a scored text as the app sends it (experiment.start with its spec): the same path, 0.6 × 0.1, in a new experiment', async () => {
    const { service, waitFor } = setup()
    const { jobId } = await service['score.start']({ model: 'seed-weather', prompt: '', text: '天好', topN: 10 })
    const done = await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    const scored = await service['experiment.get']({
      experimentId: (done.payload as { experimentId: number }).experimentId,
    })
    const source = scored.runs[0]
    const again = await dispatch(service, 'experiment.start', {
      model: scored.experiment.modelId,
      prompt: scored.experiment.prompt,
      strategies: [
        { name: source.strategy.name, params: source.strategy.params, textParams: source.strategy.textParams },
      ],
      maxTokens: scored.experiment.maxTokens,
      topN: scored.experiment.topN,
    })
    expect(again).toMatchObject({ ok: true })
    const rerunJob = (again as { result: { jobId: number } }).result.jobId
    const finished = await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === rerunJob)
    expect(finished.payload).toMatchObject({ error: null })
    const rerun = await service['experiment.get']({
      experimentId: (finished.payload as { experimentId: number }).experimentId,
    })
    expect(rerun.experiment.id).not.toBe(scored.experiment.id)
    expect(rerun.runs.map((r) => [r.strategy, r.status])).toEqual([[source.strategy, 'done']])
    expect(rerun.runs[0].sequences.map((q) => [q.tokens, q.steps.map((x) => x.prob)])).toEqual([
      [
        ['天', '好'],
        [0.6, 0.1],
      ],
    ])
    expect(rerun.runs[0].tree.map((n) => [n.parent, n.text, n.prob, n.status])).toEqual(
      source.tree.map((n) => [n.parent, n.text, n.prob, n.status]),
    )
  })

  it('reports a text the model gives probability 0 as the job error, and refuses an empty text at the boundary', async () => {
    const { service, waitFor } = setup()
    const { jobId } = await service['score.start']({ model: 'seed-weather', prompt: '', text: '气', topN: 10 })
    const done = await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    expect(done.payload).toEqual({
      jobId,
      experimentId: null,
      error:
        'token 1 of the text ("气") has probability 0 under the model, so the text cannot be saved as a run; change that token or pick another model',
    })
    const refused = await dispatch(service, 'score.start', { model: 'seed-weather', prompt: '', text: '', topN: 10 })
    expect(refused).toMatchObject({ ok: false, kind: 'input' })
  })
})
