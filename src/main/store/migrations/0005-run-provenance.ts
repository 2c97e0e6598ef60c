import type { Database } from 'better-sqlite3'

/** What a run needs to be reproduced (JSON RunProvenance), stored when it ends; null for older runs. */
export function updateToSchemaVersion5(db: Database): void {
  db.exec(`ALTER TABLE runs ADD COLUMN provenance TEXT`)
}
