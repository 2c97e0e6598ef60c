import type { Database } from 'better-sqlite3'
import type { StrategySpec } from '../../core/strategy-spec'
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
  const row = db.prepare(`SELECT id, experiment_id, cells FROM sweeps WHERE definition = ? ORDER BY id DESC LIMIT 1`).get(definition) as
    | { id: number; experiment_id: number; cells: string }
    | undefined
  return row ? { id: row.id, experimentId: row.experiment_id, cells: JSON.parse(row.cells) as Sweep['cells'] } : null
}

/** The runs of a sweep's experiment, by cell (run position). */
export function cellRuns(db: Database, experimentId: number): { id: number; position: number; status: RunStatus }[] {
  return db.prepare(`SELECT id, position, status FROM runs WHERE experiment_id = ? ORDER BY position, id`).all(experimentId) as {
    id: number
    position: number
    status: RunStatus
  }[]
}

/** Removes a cell's unfinished run before the cell runs again; its experiment stays. */
export function discardRun(db: Database, runId: number): void {
  db.prepare(`DELETE FROM runs WHERE id = ? AND status <> 'done'`).run(runId)
}
