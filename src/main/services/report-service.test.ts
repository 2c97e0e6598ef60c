// @vitest-environment node
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveModel } from '../models/registry'
import { dispatch } from '../ipc/dispatch'
import { runExperiment } from '../runs/run-experiment'
import { openDatabase } from '../store/database'
import { useTempDir } from '../testing/temp-dir'
import { LabService } from './lab-service'

const tempDir = useTempDir()
const services: LabService[] = []
afterEach(async () => {
  for (const s of services.splice(0)) await s.close()
})

async function seedWeatherExperiment(file: string): Promise<{ experimentId: number; runIds: number[] }> {
  const db = openDatabase(file)
  try {
    const { experimentId, runs } = await runExperiment(db, {
      model: await resolveModel('seed-weather'),
      prompt: '',
      strategies: [
        { name: 'greedy', params: {} },
        { name: 'beam', params: { width: 2, lengthPenalty: 0 } },
      ],
      maxTokens: 8,
      topN: 10,
    })
    return { experimentId, runIds: runs.map((r) => r.id) }
  } finally {
    db.close()
  }
}

function service(file: string): LabService {
  const s = new LabService(file, () => undefined)
  services.push(s)
  return s
}

describe('report.export and report.import (the app’s Export menu and Import)', () => {
  it('exports an experiment as HTML with the chain rule, and as JSON that another database imports once', async () => {
    const dir = tempDir()
    const source = path.join(dir, 'a.sqlite')
    const { experimentId } = await seedWeatherExperiment(source)
    const a = service(source)
    const html = await dispatch(a, 'report.export', { target: { experimentId }, format: 'html' })
    if (!html.ok) throw new Error(html.error)
    const [page] = (html.result as { files: { fileName: string; mime: string; base64: string }[] }).files
    expect(page.mime).toMatch(/^text\/html/)
    expect(Buffer.from(page.base64, 'base64').toString('utf8')).toContain('0.6 × 0.9 × 0.8 × 1.0 = 0.432')

    const json = await dispatch(a, 'report.export', { target: { experimentId }, format: 'json' })
    if (!json.ok) throw new Error(json.error)
    const text = Buffer.from((json.result as { files: { base64: string }[] }).files[0].base64, 'base64').toString(
      'utf8',
    )
    const b = service(path.join(dir, 'b.sqlite'))
    const first = await dispatch(b, 'report.import', { fileName: 'weather.json', text })
    expect(first).toMatchObject({ ok: true, result: { created: true } })
    const again = await dispatch(b, 'report.import', { fileName: 'weather.json', text })
    expect(again).toMatchObject({ ok: true, result: { created: false, runIds: [] } })
    expect((await b['runs.list']({ limit: 10, offset: 0 })).total).toBe(2)
    const imported = (first as { result: { experimentId: number } }).result.experimentId
    const runs = (await b['experiment.get']({ experimentId: imported })).runs
    expect(runs[0].sequences[0].probability).toBeCloseTo(0.432, 12)
  })

  it('exports CSV as two files, and a run on its own', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'a.sqlite')
    const { runIds } = await seedWeatherExperiment(file)
    const csv = await dispatch(service(file), 'report.export', { target: { runId: runIds[0] }, format: 'csv' })
    expect(csv.ok).toBe(true)
    const files = (csv as { result: { files: { fileName: string; base64: string }[] } }).result.files
    const text = (part: string) =>
      Buffer.from(files.find((f) => f.fileName.includes(part))?.base64 ?? '', 'base64')
        .toString('utf8')
        .trim()
        .split('\n')
    expect(files).toHaveLength(2)
    // seed-weather greedy: the root, 天 and 好 under it, 气 and 好 under 天, 好 and <end> under 天 气, <end> under 天 气 好: 8 nodes.
    expect(text('nodes')).toHaveLength(1 + 8)
    expect(text('sequences')).toHaveLength(1 + 1)
  })

  it('refuses a malformed report and a missing experiment with clear messages, adding nothing', async () => {
    const s = service(path.join(tempDir(), 'c.sqlite'))
    const bad = await dispatch(s, 'report.import', { fileName: 'notes.json', text: '{"format": "something else"}' })
    expect(bad).toMatchObject({ ok: false, kind: 'input' })
    expect((bad as { error: string }).error).toMatch(/notes\.json/)
    const missing = await dispatch(s, 'report.export', { target: { experimentId: 99 }, format: 'json' })
    expect(missing).toMatchObject({ ok: false, kind: 'input' })
    expect((await s['runs.list']({ limit: 10, offset: 0 })).total).toBe(0)
  })
})
