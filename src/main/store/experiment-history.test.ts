// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StrategySpec } from '../../core/strategy-spec'
import type { Sequence } from '../../core/types'
import { useTempDir } from '../testing/temp-dir'
import { openDatabase, type Database } from './database'
import { listExperiments } from './experiment-history'
import { createExperiment } from './experiments-repo'
import { createRun, deleteRun, finishRun } from './runs-repo'

const tempDir = useTempDir()

const sequence = (tokens: string[], probability: number): Sequence => ({
  tokenIds: tokens.map((_, i) => i + 1),
  tokens,
  text: tokens.join(''),
  logProb: Math.log(probability),
  probability,
  finished: true,
  steps: [],
  nodeId: 0,
})

function experiment(db: Database, modelId: string, prompt: string): number {
  return createExperiment(db, {
    modelId,
    modelKind: 'table',
    vocabSize: 5,
    prompt,
    promptTokens: [],
    maxTokens: 8,
    topN: 3,
  })
}

function run(
  db: Database,
  exp: number,
  position: number,
  strategy: StrategySpec,
  status: 'done' | 'failed',
  sequences: Sequence[] = [],
): number {
  const id = createRun(db, exp, position, strategy)
  finishRun(db, id, {
    status,
    elapsedMs: 1,
    result: { sequences, tree: [], warnings: [] },
    error: status === 'failed' ? 'boom' : undefined,
  })
  return id
}

/** Three experiments on a real file: the newest has two runs whose best sequences tie with a third. */
function seeded(): Database {
  const db = openDatabase(path.join(tempDir(), 'lab.sqlite'))
  const e1 = experiment(db, 'seed-weather', '天')
  run(db, e1, 0, { name: 'greedy', params: {} }, 'done', [sequence(['气', '好'], 0.432)])
  run(db, e1, 1, { name: 'beam', params: { width: 2 } }, 'done', [
    sequence(['气', '不'], 0.1),
    sequence(['气', '好'], 0.5),
  ])
  const e2 = experiment(db, 'greedy-trap', 'a_b%')
  run(db, e2, 0, { name: 'greedy', params: {} }, 'failed')
  const e3 = experiment(db, 'seed-weather', 'x')
  run(db, e3, 0, { name: 'nucleus', params: { p: 0.9, seed: 7 } }, 'done', [sequence(['y'], 0.25)])
  run(db, e3, 1, { name: 'greedy', params: {} }, 'done', [sequence(['z'], 0.25)])
  return db
}

/** What the tests compare: the rows as the history shows them. */
const rows = (db: Database, filter: Partial<Parameters<typeof listExperiments>[1]> = {}) => {
  const { experiments, total } = listExperiments(db, { limit: 10, offset: 0, ...filter })
  return {
    total,
    rows: experiments.map((e) => ({
      id: e.id,
      model: e.model,
      prompt: e.prompt,
      runs: e.runs.map((r) => [r.id, r.strategy.name, r.status]),
      best: e.best,
    })),
  }
}

describe('listExperiments', () => {
  it('lists experiments newest first, each with its runs in order and its most probable sequence', () => {
    const db = seeded()
    expect(rows(db)).toEqual({
      total: 3,
      rows: [
        // 0.25 twice: the tie goes to the earlier run (nucleus, position 0).
        {
          id: 3,
          model: 'seed-weather',
          prompt: 'x',
          runs: [
            [4, 'nucleus', 'done'],
            [5, 'greedy', 'done'],
          ],
          best: { runId: 4, tokens: ['y'], probability: 0.25 },
        },
        { id: 2, model: 'greedy-trap', prompt: 'a_b%', runs: [[3, 'greedy', 'failed']], best: null },
        // The beam's second sequence (0.5) beats greedy's 0.432 and the beam's first (0.1).
        {
          id: 1,
          model: 'seed-weather',
          prompt: '天',
          runs: [
            [1, 'greedy', 'done'],
            [2, 'beam', 'done'],
          ],
          best: { runId: 2, tokens: ['气', '好'], probability: 0.5 },
        },
      ],
    })
    db.close()
  })

  it('filters by prompt (LIKE characters taken literally), model, and a run with the strategy and status', () => {
    const db = seeded()
    expect(rows(db, { query: '_b%' }).rows.map((r) => r.id)).toEqual([2])
    expect(rows(db, { query: '_' }).rows.map((r) => r.id)).toEqual([2])
    expect(rows(db, { query: '天' }).rows.map((r) => r.id)).toEqual([1])
    expect(rows(db, { model: 'seed-weather' })).toMatchObject({ total: 2, rows: [{ id: 3 }, { id: 1 }] })
    expect(rows(db, { strategy: 'greedy' }).total).toBe(3)
    expect(rows(db, { strategy: 'beam' }).rows.map((r) => r.id)).toEqual([1])
    expect(rows(db, { status: 'failed' }).rows.map((r) => r.id)).toEqual([2])
    // Both on one run: experiment 2's greedy failed, but no experiment has a nucleus run that failed.
    expect(rows(db, { strategy: 'greedy', status: 'failed' }).rows.map((r) => r.id)).toEqual([2])
    expect(rows(db, { strategy: 'nucleus', status: 'failed' })).toEqual({ total: 0, rows: [] })
    // A filtered row still lists all of its runs.
    expect(rows(db, { strategy: 'beam' }).rows[0].runs).toEqual([
      [1, 'greedy', 'done'],
      [2, 'beam', 'done'],
    ])
    db.close()
  })

  it('pages with limit and offset and counts every match; an experiment whose runs are all deleted is gone', () => {
    const db = seeded()
    expect(rows(db, { limit: 1, offset: 1 })).toMatchObject({ total: 3, rows: [{ id: 2 }] })
    expect(rows(db, { limit: 2, offset: 2 })).toMatchObject({ total: 3, rows: [{ id: 1 }] })
    expect(rows(db, { limit: 2, offset: 3 })).toEqual({ total: 3, rows: [] })
    deleteRun(db, 3)
    expect(rows(db).rows.map((r) => r.id)).toEqual([3, 1])
    deleteRun(db, 2)
    expect(rows(db).rows[1]).toMatchObject({ id: 1, best: { runId: 1, tokens: ['气', '好'], probability: 0.432 } })
    db.close()
  })

  it('names a branch run by the tokens it forced, read from its first sequence', () => {
    const db = seeded()
    const branch = run(db, 1, 2, { name: 'greedy', params: {}, forced: [1, 3] }, 'done', [
      sequence(['天', '好', '<end>'], 0.06),
    ])
    const [, , first] = listExperiments(db, { limit: 10, offset: 0 }).experiments
    expect(first.id).toBe(1)
    expect(first.forced).toEqual({ [branch]: ['天', '好'] })
    expect(listExperiments(db, { limit: 10, offset: 0 }).experiments[0].forced).toEqual({})
    db.close()
  })

  it('filters by model and by a run strategy through the indexes of migration 9, scanning neither table', () => {
    const db = seeded()
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail)
    expect(
      plan(
        `SELECT id FROM experiments e WHERE e.model_id = 'm' AND EXISTS (SELECT 1 FROM runs r WHERE r.experiment_id = e.id AND r.strategy = 'beam') ORDER BY e.id DESC`,
      ),
    ).toEqual([
      'SEARCH e USING COVERING INDEX experiments_by_model (model_id=?)',
      'SEARCH r EXISTS USING COVERING INDEX runs_by_experiment_strategy (experiment_id=? AND strategy=?)',
    ])
    db.close()
  })
})
