// @vitest-environment node
import BetterSqlite3 from 'better-sqlite3'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../core/errors'
import { useTempDir } from '../testing/temp-dir'
import { markInterrupted, openDatabase } from './database'
import { createExperiment } from './experiments-repo'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { APPLICATION_ID } from './migrations/0006-application-id'
import { readProcessStat } from './owner-liveness'
import { createRun, finishRun, getRun, listRuns } from './runs-repo'

const tempDir = useTempDir()

function experiment(db: BetterSqlite3.Database): number {
  return createExperiment(db, {
    modelId: 'seed-weather',
    modelKind: 'table',
    vocabSize: 5,
    prompt: '',
    promptTokens: [],
    maxTokens: 32,
    topN: 10,
  })
}

describe('openDatabase', () => {
  it('creates the schema at the latest version in WAL mode, with STRICT tables', () => {
    const file = path.join(tempDir(), 'sub', 'lab.sqlite')
    const db = openDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = db
      .prepare(
        `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
      )
      .all()
    expect(tables).toEqual([
      { name: 'experiments', strict: 1 },
      { name: 'runs', strict: 1 },
      { name: 'sequences', strict: 1 },
      { name: 'sweeps', strict: 1 },
      { name: 'tree_nodes', strict: 1 },
    ])
    db.close()
  })

  it('migrates forwards from version 0 and leaves a current database as it is', () => {
    const file = path.join(tempDir(), 'lab.sqlite')
    new BetterSqlite3(file).close()
    const db = openDatabase(file)
    const id = experiment(db)
    db.close()
    const again = openDatabase(file)
    expect(again.prepare('SELECT id FROM experiments').all()).toEqual([{ id }])
    again.close()
  })

  it('refuses a database from a newer version and leaves it untouched', () => {
    const file = path.join(tempDir(), 'future.sqlite')
    const raw = new BetterSqlite3(file)
    raw.pragma(`application_id = ${APPLICATION_ID}`)
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    raw.exec('CREATE TABLE keep (x INTEGER)')
    raw.close()
    expect(() => openDatabase(file)).toThrow(InputError)
    expect(() => openDatabase(file)).toThrow(
      `newer Decoding Lab (schema version ${LATEST_SCHEMA_VERSION + 1}; this version knows up to ${LATEST_SCHEMA_VERSION})`,
    )
    const check = new BetterSqlite3(file)
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1)
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(check.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all()).toEqual([{ name: 'keep' }])
    check.close()
  })

  it('refuses a file that is not a database with a clear message', () => {
    const file = path.join(tempDir(), 'corrupt.sqlite')
    fs.writeFileSync(file, 'this is not sqlite, just text that fills a page '.repeat(200))
    expect(() => openDatabase(file)).toThrow(
      `${file} is not an SQLite database (it starts with "this"); Decoding Lab will not modify it: pass another --db`,
    )
  })

  it('looks up a run by experiment through its index', () => {
    const db = openDatabase(':memory:')
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM runs WHERE experiment_id = ? ORDER BY position`)
      .all(1) as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toContain('USING INDEX runs_by_experiment')
    db.close()
  })
})

describe('runs', () => {
  it('stores a run as running, then with its sequences and tree', () => {
    const db = openDatabase(':memory:')
    const exp = experiment(db)
    const id = createRun(db, exp, 0, { name: 'greedy', params: {} })
    expect(getRun(db, id)?.status).toBe('running')
    finishRun(db, id, {
      status: 'done',
      elapsedMs: 1.5,
      result: {
        warnings: [],
        sequences: [
          {
            tokenIds: [1],
            tokens: ['天'],
            text: '天',
            logProb: Math.log(0.6),
            probability: 0.6,
            finished: false,
            steps: [{ tokenId: 1, token: '天', prob: 0.6, logProb: Math.log(0.6) }],
            nodeId: 1,
          },
        ],
        tree: [
          {
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
            entropy: 0.673,
            partial: false,
          },
          {
            id: 1,
            parent: 0,
            tokenId: 1,
            text: '天',
            prob: 0.6,
            logProb: Math.log(0.6),
            depth: 1,
            rank: 0,
            status: 'chosen',
            expanded: false,
            otherMass: null,
            entropy: null,
            partial: false,
          },
        ],
      },
    })
    const run = getRun(db, id)
    expect(run?.status).toBe('done')
    expect(run?.treeNodes).toBe(2)
    expect(run?.tree[1]).toMatchObject({ parent: 0, text: '天', prob: 0.6, status: 'chosen' })
    expect(run?.sequences[0].probability).toBe(0.6)
    expect(listRuns(db).map((r) => r.id)).toEqual([id])
    db.close()
  })

  it('marks runs of a dead process interrupted and leaves live owners and finished runs alone', async () => {
    const file = path.join(tempDir(), 'lab.sqlite')
    const db = openDatabase(file)
    const exp = experiment(db)
    const done = createRun(db, exp, 0, { name: 'greedy', params: {} })
    finishRun(db, done, { status: 'done', elapsedMs: 1 })
    const dead = createRun(db, exp, 1, { name: 'greedy', params: {} })
    const live = createRun(db, exp, 2, { name: 'greedy', params: {} })
    const sleeper = spawn('sleep', ['30'])
    const gone = spawn('true')
    await new Promise((resolve) => gone.on('exit', resolve))
    // Each run as its process would have stored it: the pid with the process's start time.
    const started = readProcessStat(sleeper.pid ?? 0)?.started
    expect(started).toBeGreaterThan(0)
    db.prepare('UPDATE runs SET owner_pid = ?, owner_started = ? WHERE id = ?').run(gone.pid, started, dead)
    db.prepare('UPDATE runs SET owner_pid = ?, owner_started = ? WHERE id = ?').run(sleeper.pid, started, live)
    try {
      expect(markInterrupted(db)).toBe(1)
      expect(getRun(db, dead)?.status).toBe('interrupted')
      expect(getRun(db, live)?.status).toBe('running')
      expect(getRun(db, done)?.status).toBe('done')
    } finally {
      sleeper.kill()
      db.close()
    }
  })
})
