// @vitest-environment node
import BetterSqlite3 from 'better-sqlite3'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../../../core/types'
import { useTempDir } from '../../testing/temp-dir'
import { openDatabase } from '../database'
import { createExperiment } from '../experiments-repo'
import { createRun, finishRun, getRun } from '../runs-repo'
import { createSweep, discardRun } from '../sweeps-repo'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '.'
import { updateToSchemaVersion1 } from './0001-initial'

const tempDir = useTempDir()

const root: TreeNode = {
  id: 0,
  parent: null,
  tokenId: null,
  text: '',
  prob: 1,
  logProb: 0,
  depth: 0,
  rank: 0,
  status: 'chosen',
  expanded: true,
  otherMass: 0,
  entropy: 0.5,
  partial: false,
}
const child = (fields: Partial<TreeNode>): TreeNode => ({
  ...root,
  id: 1,
  parent: 0,
  tokenId: 1,
  text: '天',
  prob: 0.6,
  logProb: Math.log(0.6),
  depth: 1,
  expanded: false,
  otherMass: null,
  entropy: null,
  ...fields,
})

describe('0002: speculative runs and forced prefixes', () => {
  it('migrates a version-1 database with its runs: old nodes read back unforced and undrafted', () => {
    const file = path.join(tempDir(), 'v1.sqlite')
    const raw = new BetterSqlite3(file)
    updateToSchemaVersion1(raw)
    raw.pragma('user_version = 1')
    raw.exec(`INSERT INTO experiments VALUES (1, 'seed-weather', 'table', 5, '', '[]', 32, 10, '2024-01-01T00:00:00Z');
      INSERT INTO runs (id, experiment_id, position, strategy, params, status, created_at) VALUES (1, 1, 0, 'greedy', '{}', 'done', '2024-01-01T00:00:00Z');
      INSERT INTO tree_nodes VALUES (1, 0, NULL, NULL, '', 1, 0, 0, 0, 'chosen', 1, 0, 0.5, 0);`)
    raw.close()
    const db = openDatabase(file)
    const run = getRun(db, 1)
    db.close()
    expect(run?.strategy).toEqual({ name: 'greedy', params: {} })
    expect(run?.speculative).toBeUndefined()
    expect(run?.tree).toEqual([root])
  })

  it('keeps a run’s draft model, forced tokens and speculative stats, and the nodes’ flags', () => {
    const db = openDatabase(':memory:')
    const exp = createExperiment(db, {
      modelId: 'm',
      modelKind: 'table',
      vocabSize: 5,
      prompt: '',
      promptTokens: [],
      maxTokens: 2,
      topN: 10,
    })
    const spec = {
      name: 'speculative' as const,
      draft: 'd.json',
      params: { lookahead: 2, temperature: 1, seed: 3, samples: 1 },
      forced: [1, 2],
    }
    const id = createRun(db, exp, 0, spec)
    const stats = {
      drafted: 4,
      accepted: 3,
      rejected: 1,
      acceptanceRate: 0.75,
      tokens: 5,
      targetCalls: 2,
      targetCallsSaved: 3,
      draftCalls: 4,
    }
    const tree = [
      root,
      child({ forced: true }),
      child({ id: 2, tokenId: 2, text: '好', draft: { proposed: 3, accepted: 1, rejected: 1 } }),
    ]
    finishRun(db, id, {
      status: 'done',
      elapsedMs: 1,
      result: { sequences: [], tree, warnings: [], speculative: stats },
    })
    const run = getRun(db, id)
    db.close()
    expect(run?.strategy).toEqual(spec)
    expect(run?.speculative).toEqual(stats)
    expect(run?.tree).toEqual(tree)
    expect(run?.tree[1].forced).toBe(true)
    expect(run?.tree[2].draft).toEqual({ proposed: 3, accepted: 1, rejected: 1 })
    expect('forced' in (run?.tree[2] ?? {})).toBe(false)
  })
})

describe('0003: sweeps', () => {
  it('finds a sweep by its definition through the index, and deleting its experiment deletes it', () => {
    const db = openDatabase(':memory:')
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM sweeps WHERE definition = ?`).all('{}') as {
      detail: string
    }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING INDEX sweeps_by_definition')
    const exp = createExperiment(db, {
      modelId: 'm',
      modelKind: 'table',
      vocabSize: 5,
      prompt: '',
      promptTokens: [],
      maxTokens: 2,
      topN: 10,
    })
    db.prepare(`INSERT INTO sweeps (experiment_id, definition, cells, created_at) VALUES (?, '{}', '[]', 'now')`).run(
      exp,
    )
    db.prepare('DELETE FROM experiments WHERE id = ?').run(exp)
    expect(db.prepare('SELECT count(*) AS n FROM sweeps').get()).toEqual({ n: 0 })
    db.close()
  })
})

describe('0008: AUTOINCREMENT ids', () => {
  const input = { modelId: 'm', modelKind: 'table', vocabSize: 5, prompt: '', promptTokens: [], maxTokens: 2, topN: 10 }

  it('never gives a deleted run’s, experiment’s or sweep’s id to a new one', () => {
    const db = openDatabase(':memory:')
    const exp = createExperiment(db, input)
    const first = createRun(db, exp, 0, { name: 'greedy', params: {} })
    const last = createRun(db, exp, 1, { name: 'greedy', params: {} })
    discardRun(db, last)
    const again = createRun(db, exp, 1, { name: 'greedy', params: {} })
    expect([first, last, again]).toEqual([1, 2, 3])
    const sweep = createSweep(db, exp, '{}', [])
    db.prepare('DELETE FROM sweeps WHERE id = ?').run(sweep)
    expect(createSweep(db, exp, '{}', [])).toBe(sweep + 1)
    const other = createExperiment(db, input)
    db.prepare('DELETE FROM experiments WHERE id = ?').run(other)
    expect(createExperiment(db, input)).toBe(other + 1)
    db.close()
  })

  it('upgrades a version-5 database with its rows, indexes, STRICT tables and cascading foreign keys kept', () => {
    const file = path.join(tempDir(), 'v5.sqlite')
    const raw = new BetterSqlite3(file)
    raw.pragma('journal_mode = WAL')
    for (const m of MIGRATIONS.slice(0, 5)) m(raw)
    raw.pragma('user_version = 5')
    raw.exec(`INSERT INTO experiments VALUES (7, 'seed-weather', 'table', 5, 'p', '[]', 32, 10, '2024-01-01T00:00:00Z');
      INSERT INTO runs (id, experiment_id, position, strategy, params, status, created_at, metrics, provenance) VALUES (3, 7, 0, 'greedy', '{}', 'done', '2024-01-01T00:00:00Z', '{"m":1}', '{"p":2}');
      INSERT INTO runs (id, experiment_id, position, strategy, params, status, error, created_at) VALUES (9, 7, 1, 'greedy', '{}', 'failed', 'x', '2024-01-01T00:00:00Z');
      INSERT INTO tree_nodes (run_id, node_id, parent_id, token_id, text, prob, log_prob, depth, rank, status, expanded, other_mass, entropy, partial) VALUES (3, 0, NULL, NULL, '', 1, 0, 0, 0, 'chosen', 1, 0, 0.5, 0);
      INSERT INTO sequences VALUES (3, 0, '[1]', '["天"]', '天', -0.5, 0.6, 0, '[]', 1);
      INSERT INTO sweeps VALUES (4, 7, '{"d":1}', '[]', '2024-01-01T00:00:00Z');`)
    const before = (db: BetterSqlite3.Database, table: string): unknown[] =>
      db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).all()
    const rows = Object.fromEntries(
      ['experiments', 'runs', 'sequences', 'tree_nodes', 'sweeps'].map((t) => [t, before(raw, t)]),
    )
    const indexes = raw
      .prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`)
      .all()
    raw.close()

    const db = openDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    // Migration 10's to 13's columns are added empty.
    const processed = {
      processed_prob: null,
      filtered_by: null,
      mirostat_mu: null,
      adaptive_target: null,
      applied_temperature: null,
      xtc_draw: null,
    }
    const added: Record<string, object> = {
      sequences: { expected_utility: null, answer: null, contrastive_score: null, stop_reason: null },
      tree_nodes: { amateur_prob: null, contrastive_score: null, ...processed },
    }
    for (const table of ['experiments', 'sequences', 'tree_nodes', 'sweeps'])
      expect(before(db, table)).toEqual((rows[table] as object[]).map((r) => ({ ...r, ...added[table] })))
    expect(before(db, 'runs')).toEqual(
      (rows.runs as object[]).map((r) => ({ ...r, owner_started: null, owner_boot: null })),
    )
    // Every index kept through the rebuild, and migration 9's two for the history added.
    const history = [
      {
        name: 'experiments_by_model',
        tbl_name: 'experiments',
        sql: 'CREATE INDEX experiments_by_model ON experiments(model_id, id)',
      },
      {
        name: 'runs_by_experiment_strategy',
        tbl_name: 'runs',
        sql: 'CREATE INDEX runs_by_experiment_strategy ON runs(experiment_id, strategy, status)',
      },
    ]
    const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : 1)
    expect(
      db.prepare(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`).all(),
    ).toEqual([...(indexes as { name: string }[]), ...history].sort(byName))
    const tables = db
      .prepare(
        `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name IN ('experiments', 'runs', 'sweeps') ORDER BY name`,
      )
      .all()
    expect(tables).toEqual([
      { name: 'experiments', strict: 1 },
      { name: 'runs', strict: 1 },
      { name: 'sweeps', strict: 1 },
    ])
    expect(db.prepare(`SELECT name, seq FROM sqlite_sequence ORDER BY name`).all()).toEqual([
      { name: 'experiments', seq: 7 },
      { name: 'runs', seq: 9 },
      { name: 'sweeps', seq: 4 },
    ])
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM runs WHERE experiment_id = ? ORDER BY position`)
      .all(7) as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING INDEX runs_by_experiment')
    expect(createRun(db, 7, 2, { name: 'greedy', params: {} })).toBe(10)

    // Foreign keys still point at the rebuilt tables and still cascade.
    expect(() =>
      db
        .prepare(
          `INSERT INTO runs (experiment_id, position, strategy, params, status, created_at) VALUES (99, 0, 'greedy', '{}', 'done', 'now')`,
        )
        .run(),
    ).toThrow('FOREIGN KEY constraint failed')
    db.prepare('DELETE FROM experiments WHERE id = 7').run()
    for (const table of ['runs', 'sequences', 'tree_nodes', 'sweeps'])
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 })
    db.close()
  })
})
