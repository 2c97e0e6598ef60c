// @vitest-environment node
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventPayload } from '../../core/contract'
import { dispatch } from '../ipc/dispatch'
import { writeSlowTable } from '../testing/slow-table'
import { useLabService, type LabEvent } from '../testing/lab-harness'

const setup = useLabService()
type Event = LabEvent

const start = { prompt: '', maxTokens: 32, topN: 10 }

describe('LabService', () => {
  it('decodes in the worker, streams progress and stores the run', async () => {
    const { service, events, waitFor } = setup()
    const { jobId } = await service['experiment.start']({
      ...start,
      model: 'seed-weather',
      strategies: [{ name: 'greedy', params: {} }],
    })
    const done = await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    expect(done.payload).toMatchObject({ error: null })
    const channels = events.map((e) => e.channel)
    expect(channels[0]).toBe('run.started')
    expect(channels.filter((c) => c === 'run.progress')).toHaveLength(4)
    expect(channels.slice(-2)).toEqual(['run.finished', 'job.finished'])
    const started = events[0] as Extract<Event, { channel: 'run.started' }>
    const run = await service['run.get']({ runId: started.payload.runId })
    expect(run.status).toBe('done')
    expect(run.sequences[0].tokens).toEqual(['天', '气', '好', '<end>'])
    expect(run.sequences[0].probability).toBeCloseTo(0.432, 12)
    // Stored metrics: perplexity 0.432^(-1/4) over 天 气 好 <end>, and greedy is optimal here (gap 0).
    expect(run.metrics?.sequences[0].perplexity).toBeCloseTo(0.432 ** (-1 / 4), 10)
    expect(run.metrics?.sequences[0].length).toBe(4)
    expect(run.metrics?.searchGap).toBeCloseTo(0, 12)
  })

  it('queues jobs and runs them in order', async () => {
    const { service, events, waitFor } = setup()
    const a = await service['experiment.start']({
      ...start,
      model: 'greedy-trap',
      strategies: [{ name: 'greedy', params: {} }],
    })
    const b = await service['experiment.start']({
      ...start,
      model: 'greedy-trap',
      strategies: [{ name: 'beam', params: { width: 2 } }],
    })
    await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === b.jobId)
    const finished = events.filter((e) => e.channel === 'job.finished').map((e) => e.payload.jobId)
    expect(finished).toEqual([a.jobId, b.jobId])
    const { runs, total } = await service['runs.list']({ limit: 10, offset: 0 })
    expect(total).toBe(2)
    expect(runs.map((r) => r.strategy.name)).toEqual(['beam', 'greedy'])
  })

  it('cancels a long run and stores it as cancelled with its partial tree', async () => {
    const { dir, service, waitFor } = setup()
    const model = path.join(dir, 'slow.json')
    writeSlowTable(model)
    const { jobId } = await service['experiment.start']({
      ...start,
      model,
      strategies: [{ name: 'exact', params: { budget: 10_000_000 } }],
    })
    await waitFor((e) => e.channel === 'run.progress' && e.payload.jobId === jobId)
    expect(await service['job.cancel']({ jobId })).toEqual({ cancelled: true })
    const finished = await waitFor((e) => e.channel === 'run.finished' && e.payload.jobId === jobId)
    expect(finished.payload).toMatchObject({ status: 'cancelled' })
    const run = await service['run.get']({ runId: (finished.payload as EventPayload<'run.finished'>).runId })
    expect(run.status).toBe('cancelled')
    expect(run.treeNodes).toBeGreaterThan(40)
    expect(run.tree).toHaveLength(run.treeNodes)
    expect((await service['models.list']()).recent).toEqual([model])
  })

  it('fails the run of a crashed worker, restarts it, and keeps working', async () => {
    const { dir, service, waitFor } = setup()
    const model = path.join(dir, 'slow.json')
    writeSlowTable(model)
    const crash = await service['experiment.start']({
      ...start,
      model,
      strategies: [{ name: 'exact', params: { budget: 10_000_000 } }],
    })
    const next = await service['experiment.start']({
      ...start,
      model: 'seed-weather',
      strategies: [{ name: 'greedy', params: {} }],
    })
    const started = await waitFor((e) => e.channel === 'run.started' && e.payload.jobId === crash.jobId)
    await service.workerThread?.terminate()
    const failed = await waitFor((e) => e.channel === 'run.finished' && e.payload.jobId === crash.jobId)
    expect(failed.payload).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('the decoding worker crashed'),
    })
    const run = await service['run.get']({ runId: (started.payload as EventPayload<'run.started'>).runId })
    expect(run.status).toBe('failed')
    expect(run.error).toContain('the decoding worker crashed')
    const ok = await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === next.jobId)
    expect(ok.payload).toMatchObject({ error: null })
  })

  it('rejects invalid payloads and parameters at the boundary and starts no run', async () => {
    const { service, events } = setup()
    const bad = await dispatch(service, 'experiment.start', {
      ...start,
      model: 'seed-weather',
      strategies: [{ name: 'nucleus', params: { p: 1.5 } }],
    })
    expect(bad).toEqual({ ok: false, kind: 'input', error: 'strategy "nucleus": p must be in (0, 1], got p = 1.5' })
    const width = await dispatch(service, 'experiment.start', {
      ...start,
      model: 'seed-weather',
      strategies: [{ name: 'beam', params: { width: 0 } }],
    })
    expect(width).toMatchObject({ ok: false, error: expect.stringContaining('width must be >= 1') })
    const shape = await dispatch(service, 'experiment.start', {
      ...start,
      model: 'seed-weather',
      strategies: [],
      extra: 1,
    })
    expect(shape).toMatchObject({ ok: false, kind: 'input' })
    const unknown = await dispatch(service, 'shell.exec', {})
    expect(unknown).toEqual({ ok: false, kind: 'input', error: 'unknown request "shell.exec"' })
    const model = await dispatch(service, 'experiment.start', {
      ...start,
      model: 'nope',
      strategies: [{ name: 'greedy', params: {} }],
    })
    expect(model).toMatchObject({ ok: false, error: expect.stringContaining('unknown model "nope"') })
    expect(events).toEqual([])
    expect((await service['runs.list']({ limit: 10, offset: 0 })).total).toBe(0)
  })

  it('sees runs made by the CLI, searches, filters, pages and deletes', async () => {
    const { dir, service } = setup()
    const cli = path.resolve(__dirname, '../../../bin/decoding-lab.cjs')
    const db = path.join(dir, 'lab.sqlite')
    execFileSync(process.execPath, [
      cli,
      'run',
      '--model',
      'greedy-trap',
      '--prompt',
      'the',
      '--strategy',
      'greedy',
      '--strategy',
      'beam:width=2',
      '--db',
      db,
      '--json',
    ])
    execFileSync(process.execPath, [
      cli,
      'run',
      '--model',
      'seed-weather',
      '--prompt',
      '天',
      '--strategy',
      'greedy',
      '--db',
      db,
      '--json',
    ])
    const all = await service['runs.list']({ limit: 2, offset: 0 })
    expect(all.total).toBe(3)
    expect(all.runs.map((r) => r.model)).toEqual(['seed-weather', 'greedy-trap'])
    const page2 = await service['runs.list']({ limit: 2, offset: 2 })
    expect(page2.runs.map((r) => r.strategy.name)).toEqual(['greedy'])
    expect((await service['runs.list']({ query: 'th', limit: 10, offset: 0 })).total).toBe(2)
    expect((await service['runs.list']({ strategy: 'beam', limit: 10, offset: 0 })).total).toBe(1)
    expect((await service['runs.list']({ model: 'seed-weather', status: 'done', limit: 10, offset: 0 })).total).toBe(1)
    const target = all.runs[0]
    expect(await service['run.delete']({ runId: target.id })).toEqual({ deleted: true })
    expect((await service['runs.list']({ limit: 10, offset: 0 })).total).toBe(2)
    await expect(service['experiment.get']({ experimentId: target.experimentId })).rejects.toThrow(/does not exist/)
  }, 30_000)
})

describe('LabService: experiments.list', () => {
  it('lists the experiment with its runs and best sequence through the validating bridge, and refuses a bad page', async () => {
    const { service, waitFor } = setup()
    const { jobId } = await service['experiment.start']({
      ...start,
      model: 'seed-weather',
      strategies: [
        { name: 'greedy', params: {} },
        { name: 'greedy', params: {} },
      ],
    })
    await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    const answer = await dispatch(service, 'experiments.list', {
      model: 'seed-weather',
      strategy: 'greedy',
      limit: 10,
      offset: 0,
    })
    if (!answer.ok) throw new Error(answer.error)
    const { experiments, total } = answer.result as Awaited<ReturnType<(typeof service)['experiments.list']>>
    expect(total).toBe(1)
    expect(experiments).toHaveLength(1)
    const [e] = experiments
    expect(e.runs.map((r) => [r.position, r.strategy.name, r.status])).toEqual([
      [0, 'greedy', 'done'],
      [1, 'greedy', 'done'],
    ])
    // Both runs give 天 气 好 <end> with 0.6 × 0.9 × 0.8 × 1.0: the tie goes to the first.
    expect(e.best?.runId).toBe(e.runs[0].id)
    expect(e.best?.tokens).toEqual(['天', '气', '好', '<end>'])
    expect(e.best?.probability).toBeCloseTo(0.432, 12)
    expect(await dispatch(service, 'experiments.list', { limit: 0, offset: 0 })).toEqual({
      ok: false,
      kind: 'input',
      error: 'invalid experiments.list request: limit: Too small: expected number to be >=1',
    })
    expect(
      await dispatch(service, 'experiments.list', { limit: 5, offset: 0, model: 'seed-weather', extra: 1 }),
    ).toMatchObject({ ok: false, kind: 'input' })
  }, 30_000)
})

describe('LabService: branching by hand and speculative decoding from the app', () => {
  it('continues greedy after forced tokens; the forced nodes are marked and their probabilities count', async () => {
    const { service, waitFor } = setup()
    // seed-weather ids: <start> 0, 天 1, 气 2, 好 3, <end> 4. Forcing 天 好 gives 0.6 × 0.1, then <end> with 1.0.
    const { jobId } = await service['experiment.start']({
      ...start,
      model: 'seed-weather',
      strategies: [{ name: 'greedy', params: {}, forced: [1, 3] }],
    })
    const started = await waitFor((e) => e.channel === 'run.started' && e.payload.jobId === jobId)
    await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    const run = await service['run.get']({ runId: (started.payload as EventPayload<'run.started'>).runId })
    expect(run.status).toBe('done')
    expect(run.strategy.forced).toEqual([1, 3])
    expect(run.sequences[0].tokens).toEqual(['天', '好', '<end>'])
    expect(run.sequences[0].probability).toBeCloseTo(0.06, 12)
    expect(run.tree.filter((n) => n.forced).map((n) => n.text)).toEqual(['天', '好'])
  })

  it('refuses a forced token the model gives probability 0, storing no run', async () => {
    const { service, waitFor } = setup()
    const { jobId } = await service['experiment.start']({
      ...start,
      model: 'seed-weather',
      strategies: [{ name: 'greedy', params: {}, forced: [2] }],
    })
    const done = await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    expect(done.payload).toMatchObject({
      experimentId: null,
      error: 'forced tokens: seed-weather gives "气" probability 0 after the prompt',
    })
    expect((await service['runs.list']({ limit: 10, offset: 0 })).total).toBe(0)
  })

  it('runs speculative decoding with a draft model and keeps the draft on the run', async () => {
    const { service, waitFor } = setup()
    const { jobId } = await service['experiment.start']({
      ...start,
      model: 'seed-weather',
      strategies: [{ name: 'speculative', params: { lookahead: 2, seed: 7, samples: 1 }, draft: 'seed-weather' }],
    })
    const started = await waitFor((e) => e.channel === 'run.started' && e.payload.jobId === jobId)
    await waitFor((e) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    const run = await service['run.get']({ runId: (started.payload as EventPayload<'run.started'>).runId })
    expect(run.status).toBe('done')
    expect(run.strategy).toMatchObject({ name: 'speculative', draft: 'seed-weather' })
    expect(
      await dispatch(service, 'experiment.start', {
        ...start,
        model: 'seed-weather',
        strategies: [{ name: 'speculative', params: { seed: 1 } }],
      }),
    ).toEqual({
      ok: false,
      kind: 'input',
      error: 'speculative needs a draft model: pick one of the models as its draft',
    })
  })
})
