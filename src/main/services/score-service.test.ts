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
    expect(runs[0].strategy).toEqual({ name: 'score', params: {} })
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
