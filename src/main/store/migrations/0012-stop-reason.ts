import type { Database } from 'better-sqlite3'

/**
 * Why an unfinished sequence stopped, where it was not max tokens: `contextEnd` when the model's
 * context was full first. NULL for every other sequence, older ones included (finished says the rest).
 */
export function updateToSchemaVersion12(db: Database): void {
  db.exec(`ALTER TABLE sequences ADD COLUMN stop_reason TEXT;`)
}
