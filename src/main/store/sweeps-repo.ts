import type { Database } from 'better-sqlite3'
import type { StrategySpec } from '../../core/strategy-spec'
import type { RunMetrics } from '../../core/records'
import type { RunStatus } from './runs-repo'

export interface Sweep {
  id: number
  experimentId: number
  cells: { values: Record<string, number>; spec: StrategySpec }[]
}

export function createSweep(db: Database, experimentId: number, definition: string, cells: Sweep['cells']): number {
  const info = db
    .prepare(`INSERT INTO sweeps (experiment_id, definition, cells, created_at) VALUES (?, ?, ?, ?)`)
    .run(experimentId, definition, JSON.stringify(cells), new Date().toISOString())
  return Number(info.lastInsertRowid)
}

/** The latest sweep with this definition, if any (its experiment deleted, it is gone too). */
export function findSweep(db: Database, definition: string): Sweep | null {
  const row = db
    .prepare(`SELECT id, experiment_id, cells FROM sweeps WHERE definition = ? ORDER BY id DESC LIMIT 1`)
    .get(definition) as { id: number; experiment_id: number; cells: string } | undefined
  return row ? { id: row.id, experimentId: row.experiment_id, cells: JSON.parse(row.cells) as Sweep['cells'] } : null
}

/** The runs of a sweep's experiment, by cell (run position). */
export function cellRuns(db: Database, experimentId: number): { id: number; position: number; status: RunStatus }[] {
  return db
    .prepare(`SELECT id, position, status FROM runs WHERE experiment_id = ? ORDER BY position, id`)
    .all(experimentId) as {
    id: number
    position: number
    status: RunStatus
  }[]
}

/** Removes a cell's unfinished run before the cell runs again; its experiment stays. */
export function discardRun(db: Database, runId: number): void {
  db.prepare(`DELETE FROM runs WHERE id = ? AND status <> 'done'`).run(runId)
}

export interface StoredSweep extends Sweep {
  definition: string
  createdAt: string
  prompt: string
  maxTokens: number
  topN: number
  /** Cells with a finished run. */
  done: number
}

/** Every stored sweep with its experiment's prompt and limits, newest first. */
export function listStoredSweeps(db: Database): StoredSweep[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.experiment_id, s.definition, s.cells, s.created_at, e.prompt, e.max_tokens, e.top_n,
        (SELECT count(*) FROM runs r WHERE r.experiment_id = s.experiment_id AND r.status = 'done') AS done
       FROM sweeps s JOIN experiments e ON e.id = s.experiment_id ORDER BY s.id DESC`,
    )
    .all() as {
    id: number
    experiment_id: number
    definition: string
    cells: string
    created_at: string
    prompt: string
    max_tokens: number
    top_n: number
    done: number
  }[]
  return rows.map((r) => ({
    id: r.id,
    experimentId: r.experiment_id,
    definition: r.definition,
    cells: JSON.parse(r.cells) as Sweep['cells'],
    createdAt: r.created_at,
    prompt: r.prompt,
    maxTokens: r.max_tokens,
    topN: r.top_n,
    done: r.done,
  }))
}

export interface CellOutputRow {
  runId: number
  position: number
  status: RunStatus
  metrics: RunMetrics | null
  sequences: { tokenIds: number[]; text: string; finished: boolean }[]
}

/** The runs of a sweep's experiment with their sequences and stored metrics, without their trees. */
export function cellOutputs(db: Database, experimentId: number): CellOutputRow[] {
  const runs = db
    .prepare(`SELECT id, position, status, metrics FROM runs WHERE experiment_id = ? ORDER BY position, id`)
    .all(experimentId) as {
    id: number
    position: number
    status: RunStatus
    metrics: string | null
  }[]
  const sequences = db.prepare(`SELECT token_ids, text, finished FROM sequences WHERE run_id = ? ORDER BY position`)
  return runs.map((r) => ({
    runId: r.id,
    position: r.position,
    status: r.status,
    metrics: r.metrics === null ? null : (JSON.parse(r.metrics) as RunMetrics),
    sequences: (sequences.all(r.id) as { token_ids: string; text: string; finished: number }[]).map((s) => ({
      tokenIds: JSON.parse(s.token_ids) as number[],
      text: s.text,
      finished: s.finished === 1,
    })),
  }))
}
