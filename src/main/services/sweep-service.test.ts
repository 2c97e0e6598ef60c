// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sweepTableRows } from '../../core/sweep/sweep-table'
import { useLabService, type LabEvent } from '../testing/lab-harness'
import { writeSlowTable } from '../testing/slow-table'

const setup = useLabService()

const ofJob = (jobId: number, channel: LabEvent['channel']) => (e: LabEvent) =>
  e.channel === channel && e.payload.jobId === jobId

describe('sweeps in the app', () => {
  it('crosses the grid with every prompt in the worker, stores each cell with its metrics, and a second start only finds it done', async () => {
    const { service, events, waitFor } = setup()
    const request = {
      model: 'seed-weather',
      prompts: ['', '天'],
      strategy: 'beam',
      grid: 'width=1,2',
      maxTokens: 8,
      topN: 5,
    }
    const { jobId } = await service['sweep.start'](request)
    const finished = await waitFor(ofJob(jobId, 'sweep.finished'))
    expect(finished.payload).toMatchObject({ done: 4, total: 4, cancelled: false, error: null })
    const progress = events
      .filter(ofJob(jobId, 'sweep.progress'))
      .map((e) => e.payload as { done: number; total: number; etaMs: number | null })
    expect(progress.map((p) => [p.done, p.total])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ])
    expect(progress[0].etaMs).toBeNull()
    expect(progress[4].etaMs).toBe(0)
    expect(events.filter(ofJob(jobId, 'run.started'))).toHaveLength(4)

    const { sweeps } = await service['sweeps.list']()
    expect(sweeps).toHaveLength(1)
    expect(sweeps[0]).toMatchObject({
      model: 'seed-weather',
      prompts: 2,
      firstPrompt: '',
      cells: 2,
      total: 4,
      done: 4,
      axes: [{ key: 'width', values: [1, 2] }],
    })
    const sweep = await service['sweep.get']({ sweepId: sweeps[0].id })
    expect(sweep.prompts).toEqual(['', '天'])
    expect(sweep.cells.map((c) => c.values)).toEqual([{ width: 1 }, { width: 2 }])
    const width1 = sweep.cells[0].outputs
    expect(width1.map((o) => o.sequences.map((s) => s.text))).toEqual([['天气好'], ['气好']])
    // 天 气 好 <end>: 0.6 × 0.9 × 0.8 × 1 = 0.432 over 4 tokens; after 天, 气 好 <end>: 0.9 × 0.8 × 1 = 0.72 over 3.
    expect(width1[0].sequences[0].metrics?.perplexity).toBeCloseTo(0.432 ** (-1 / 4), 12)
    const [row] = sweepTableRows(sweep.cells)
    expect(row.meanLogProb).toBeCloseTo(Math.log(0.432 * 0.72) / 7, 12)
    expect(row.perplexity).toBeCloseTo((0.432 * 0.72) ** (-1 / 7), 12)
    expect(row.repetitionPct).toBe(0)

    const again = await service['sweep.start'](request)
    const second = await waitFor(ofJob(again.jobId, 'sweep.finished'))
    expect(second.payload).toMatchObject({ sweepId: sweeps[0].id, done: 4, total: 4, cancelled: false })
    expect(events.filter(ofJob(again.jobId, 'run.started'))).toHaveLength(0)
    expect((await service['sweeps.list']()).sweeps).toHaveLength(1)
  })

  it('cancelled mid-way keeps its finished cells, and started again runs only the rest', async () => {
    const { dir, service, events, waitFor } = setup()
    const model = path.join(dir, 'slow.json')
    writeSlowTable(model)
    const request = {
      model,
      prompts: ['w1', 'w2'],
      strategy: 'sample:samples=4',
      grid: 'seed=1,2,3',
      maxTokens: 200,
      topN: 5,
    }
    const { jobId } = await service['sweep.start'](request)
    await waitFor((e) => ofJob(jobId, 'sweep.progress')(e) && (e.payload as { done: number }).done >= 1)
    expect(await service['job.cancel']({ jobId })).toEqual({ cancelled: true })
    const stopped = (await waitFor(ofJob(jobId, 'sweep.finished'))).payload as {
      sweepId: number
      done: number
      total: number
      cancelled: boolean
    }
    expect(stopped.cancelled).toBe(true)
    expect(stopped.total).toBe(6)
    expect(stopped.done).toBeGreaterThanOrEqual(1)
    expect(stopped.done).toBeLessThan(6)
    await waitFor(ofJob(jobId, 'job.finished'))

    const before = await service['sweep.get']({ sweepId: stopped.sweepId })
    const outputs = before.cells.flatMap((c) => c.outputs)
    const kept = outputs.filter((o) => o.status === 'done')
    expect(kept).toHaveLength(stopped.done)
    expect(outputs.filter((o) => o.status === 'cancelled')).toHaveLength(1)
    expect(kept.every((o) => o.sequences.length === 4 && o.sequences.every((s) => s.metrics !== null))).toBe(true)

    const resumed = await service['sweep.start'](request)
    const first = (await waitFor(ofJob(resumed.jobId, 'sweep.progress'))).payload as { done: number }
    expect(first.done).toBe(stopped.done)
    const end = await waitFor(ofJob(resumed.jobId, 'sweep.finished'))
    expect(end.payload).toMatchObject({ sweepId: stopped.sweepId, done: 6, total: 6, cancelled: false, error: null })
    expect(events.filter(ofJob(resumed.jobId, 'run.started'))).toHaveLength(6 - stopped.done)
    const after = await service['sweep.get']({ sweepId: stopped.sweepId })
    const runIds = (d: typeof after) =>
      d.cells.flatMap((c) => c.outputs.map((o) => (o.status === 'done' ? o.runId : null)))
    // The cells finished before kept their runs.
    runIds(before).forEach((id, i) => id !== null && expect(runIds(after)[i]).toBe(id))
    expect(after.cells.flatMap((c) => c.outputs).every((o) => o.status === 'done')).toBe(true)
  }, 60_000)

  it('refuses a bad grid or an unknown model at the request, with the reason', async () => {
    const { service } = setup()
    const request = {
      model: 'seed-weather',
      prompts: [''],
      strategy: 'nucleus',
      grid: 'p=0.5,2',
      maxTokens: 8,
      topN: 5,
    }
    await expect(service['sweep.start'](request)).rejects.toThrow(/strategy "nucleus with p=2": p must be in \(0, 1\]/)
    await expect(service['sweep.start']({ ...request, grid: 'p=0.5', model: 'nope' })).rejects.toThrow(
      /unknown model "nope"/,
    )
  })
})
