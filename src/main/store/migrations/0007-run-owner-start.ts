import type { Database } from 'better-sqlite3'

/**
 * A running run's owner by more than its pid: the process's start time (clock ticks since boot)
 * and the boot id, so that a zombie or a reused pid is not taken for the owner (see owner-liveness.ts).
 */
export function updateToSchemaVersion7(db: Database): void {
  db.exec(`
    ALTER TABLE runs ADD COLUMN owner_started INTEGER;
    ALTER TABLE runs ADD COLUMN owner_boot TEXT;
  `)
}
