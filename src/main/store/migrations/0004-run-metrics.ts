import type { Database } from 'better-sqlite3'

/** Degeneration metrics of a finished run (JSON: its sequences' metrics and the run's own), null until computed. */
export function updateToSchemaVersion4(db: Database): void {
  db.exec(`ALTER TABLE runs ADD COLUMN metrics TEXT`)
}
