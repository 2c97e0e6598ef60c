// @vitest-environment node
import type BetterSqlite3 from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunProvenance } from '../../core/records'
import { parseStrategySpec } from '../../core/strategy-spec'
import { run, tableModel } from '../../core/testing/tables'
import { RESOURCES_DIR } from '../paths'
import { useTempDir } from '../testing/temp-dir'
import { openDatabase } from './database'
import { createExperiment } from './experiments-repo'
import { createRun, finishRun, getExperimentRuns, getRun, setRunMetrics, setRunProvenance } from './runs-repo'

const tempDir = useTempDir()
const model = tableModel(
  'seed-weather',
  JSON.parse(fs.readFileSync(path.join(RESOURCES_DIR, 'models', 'seed-weather.table.json'), 'utf8')),
)
const SPECS = ['greedy', 'beam:width=2', 'beam:width=3', 'sample:seed=4,samples=2', 'nucleus:p=0.8,seed=9']
const PROVENANCE = { app: { name: 'decoding-lab', version: '0' } } as RunProvenance

/** An experiment of the first `n` strategies, each run stored as done; the results as decoded. */
async function experimentOf(db: BetterSqlite3.Database, n: number) {
  const experimentId = createExperiment(db, {
    modelId: 'seed-weather',
    modelKind: 'table',
    vocabSize: model.vocabSize,
    prompt: '',
    promptTokens: [],
    maxTokens: 8,
    topN: 10,
  })
  const results = []
  for (const [i, spec] of SPECS.slice(0, n).entries()) {
    const result = await run(model, spec, { maxTokens: 8 })
    const id = createRun(
      db,
      experimentId,
      i,
      parseStrategySpec(spec, () => 0),
    )
    finishRun(db, id, { status: 'done', result, elapsedMs: 1 })
    if (i % 2 === 0) setRunProvenance(db, id, PROVENANCE)
    if (i === 1) setRunMetrics(db, id, { sequences: [], selfBleu4: 0.5, zipf: null, searchGap: null })
    results.push({ id, result })
  }
  return { experimentId, results }
}

/** The statements `read` prepares (each is run once). */
function statements<T>(db: BetterSqlite3.Database, read: () => T): { value: T; count: number } {
  const prepare = db.prepare.bind(db)
  let count = 0
  db.prepare = ((sql: string) => (count++, prepare(sql))) as typeof db.prepare
  try {
    return { value: read(), count }
  } finally {
    db.prepare = prepare
  }
}

describe('reading an experiment', () => {
  it('takes as many statements for 5 runs as for 1, and reads back every run as stored', async () => {
    const db = openDatabase(path.join(tempDir(), 'lab.sqlite'))
    try {
      const one = await experimentOf(db, 1)
      const five = await experimentOf(db, 5)
      const a = statements(db, () => getExperimentRuns(db, one.experimentId))
      const b = statements(db, () => getExperimentRuns(db, five.experimentId))
      expect(a.count).toBe(3)
      expect(b.count).toBe(3)
      expect(b.value.map((r) => r.id)).toEqual(five.results.map((r) => r.id))
      for (const [i, stored] of b.value.entries()) {
        const { result } = five.results[i]
        expect(stored.strategy.name).toBe(SPECS[i].split(':')[0])
        expect(stored.tree).toEqual(result.tree)
        expect(stored.sequences).toEqual(result.sequences)
        expect(stored.provenance).toEqual(i % 2 === 0 ? PROVENANCE : undefined)
        expect(stored.metrics?.selfBleu4).toBe(i === 1 ? 0.5 : undefined)
        // One run alone reads the same, in as many statements.
        const single = statements(db, () => getRun(db, stored.id))
        expect(single.count).toBe(3)
        expect(single.value).toEqual(stored)
      }
      // Beam and sampling runs hold several sequences: each went to its own run.
      expect(b.value.map((r) => r.sequences.length)).toEqual(five.results.map((r) => r.result.sequences.length))
      expect(statements(db, () => getRun(db, 999_999))).toEqual({ value: null, count: 1 })
      expect(statements(db, () => getExperimentRuns(db, 999_999))).toEqual({ value: [], count: 1 })
    } finally {
      db.close()
    }
  })
})
