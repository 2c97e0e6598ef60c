import type { Database } from 'better-sqlite3'

/**
 * XTC's draw at each step of a sample run, so that the step panel can replay the step under another
 * order with the same draw. NULL where XTC did not draw, and for older runs.
 */
export function updateToSchemaVersion13(db: Database): void {
  db.exec(`ALTER TABLE tree_nodes ADD COLUMN xtc_draw REAL;`)
}
