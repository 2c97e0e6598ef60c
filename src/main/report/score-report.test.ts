// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../store/database'
import { getRun } from '../store/runs-repo'
import { json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { exportTarget } from './export-target'
import { importReport } from './import-report'

const tempDir = useTempDir()

async function exportJson(db: Database, target: { experimentId: number } | { runId: number }): Promise<string> {
  const [file] = await exportTarget(db, target, 'json', { now: new Date('2025-01-02T03:04:05.000Z') })
  return file.data.toString('utf8')
}

/** 天好 scored under seed-weather and saved (`score --save`): P = 0.6 × 0.1. */
async function scored(dir: string): Promise<{ db: string; experimentId: number; runId: number }> {
  const db = path.join(dir, 'a.sqlite')
  const s = await json('score', '--model', 'seed-weather', '--text', '天好', '--eos', '--save', '--db', db)
  expect(s.probability).toBeCloseTo(0.6 * 0.1 * 1, 12)
  return { db, experimentId: s.experimentId, runId: s.runId }
}

describe('a score run in a JSON report', () => {
  it('exports with its text, imports into a fresh database as the same run, and exports again to the same bytes', async () => {
    const dir = tempDir()
    const { db: file, experimentId } = await scored(dir)
    const a = openDatabase(file)
    const first = await exportJson(a, { experimentId })
    a.close()
    const report = JSON.parse(first)
    expect(report.runs).toHaveLength(1)
    expect(report.runs[0].strategy).toEqual({ name: 'score', params: { eos: 1 }, textParams: { text: '天好' } })
    expect(report.runs[0].provenance.strategy).toEqual({ name: 'score', parameters: { eos: 1 }, chain: [], seed: null })
    expect(report.experiment.maxTokens).toBe(3)

    const b = openDatabase(path.join(dir, 'b.sqlite'))
    const outcome = importReport(b, first)
    expect(outcome.created).toBe(true)
    const run = getRun(b, outcome.runIds[0])
    expect(run?.strategy).toEqual({ name: 'score', params: { eos: 1 }, textParams: { text: '天好' } })
    expect(run?.sequences[0].tokens).toEqual(['天', '好', '<end>'])
    expect(run?.sequences[0].probability).toBeCloseTo(0.06, 12)
    expect(await exportJson(b, { experimentId: outcome.experimentId })).toBe(first)
    b.close()
  })

  it('still imports a score run exported before score runs kept their text (strategy score, params {})', async () => {
    const dir = tempDir()
    const { db: file, runId } = await scored(dir)
    const a = openDatabase(file)
    const report = JSON.parse(await exportJson(a, { runId }))
    a.close()
    report.runs[0].strategy = { name: 'score', params: {} }
    delete report.runs[0].provenance
    const b = openDatabase(path.join(dir, 'b.sqlite'))
    const outcome = importReport(b, JSON.stringify(report))
    const run = getRun(b, outcome.runIds[0])
    expect(run?.strategy.name).toBe('score')
    expect(run?.strategy.params).toEqual({})
    expect(run?.strategy.textParams?.text).toBeUndefined()
    expect(run?.sequences[0].probability).toBeCloseTo(0.06, 12)
    // It shows and exports as it did.
    const again = JSON.parse(await exportJson(b, { runId: outcome.runIds[0] }))
    expect(again.runs[0].sequences).toEqual(report.runs[0].sequences)
    expect(again.runs[0].tree).toEqual(report.runs[0].tree)
    b.close()
  })

  it('refuses a score spec with a parameter it does not take, saying which', async () => {
    const dir = tempDir()
    const { db: file, runId } = await scored(dir)
    const a = openDatabase(file)
    const report = JSON.parse(await exportJson(a, { runId }))
    a.close()
    report.runs[0].strategy.params = { width: 2 }
    const b = openDatabase(path.join(dir, 'b.sqlite'))
    expect(() => importReport(b, JSON.stringify(report))).toThrow(
      'the report is not a valid report: $.runs[0].strategy: strategy "score": unknown parameter "width"; score takes eos, text',
    )
    b.close()
  })
})
