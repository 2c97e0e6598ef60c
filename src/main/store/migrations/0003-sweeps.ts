import type { Database } from 'better-sqlite3'

/**
 * A sweep is one experiment with one run per grid cell, at the cell's position. `definition` is
 * the sweep as asked (canonical JSON), so that asking again finds it and resumes; `cells` holds
 * every cell's strategy, fixed when the sweep was created (a drawn seed included).
 */
export function updateToSchemaVersion3(db: Database): void {
  db.exec(`
    CREATE TABLE sweeps (
      id INTEGER PRIMARY KEY,
      experiment_id INTEGER NOT NULL UNIQUE REFERENCES experiments(id) ON DELETE CASCADE,
      definition TEXT NOT NULL,
      cells TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sweeps_by_definition ON sweeps(definition);
  `)
}
