// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { RUN_STATUSES } from '../../../core/records'
import { openDatabase } from '../database'
import { createExperiment } from '../experiments-repo'

describe("the store's run statuses", () => {
  it('are RUN_STATUSES, in its order: a new status needs a migration that rebuilds the CHECK of runs', () => {
    const db = openDatabase(':memory:')
    try {
      const { sql } = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'runs'`).get() as {
        sql: string
      }
      const listed = /status TEXT NOT NULL CHECK \(status IN \(([^)]*)\)\)/.exec(sql)?.[1]
      expect(listed?.split(', ').map((s) => s.replace(/^'|'$/g, ''))).toEqual([...RUN_STATUSES])
      const exp = createExperiment(db, {
        modelId: 'm',
        modelKind: 'table',
        vocabSize: 5,
        prompt: '',
        promptTokens: [],
        maxTokens: 2,
        topN: 10,
      })
      const insert = db.prepare(
        `INSERT INTO runs (experiment_id, position, strategy, params, status, created_at) VALUES (?, ?, 'greedy', '{}', ?, '2026-01-01T00:00:00Z')`,
      )
      RUN_STATUSES.forEach((status, i) => insert.run(exp, i, status))
      expect(() => insert.run(exp, 9, 'paused')).toThrow(/CHECK constraint failed/)
    } finally {
      db.close()
    }
  })
})
