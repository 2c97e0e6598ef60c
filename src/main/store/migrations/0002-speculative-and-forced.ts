import type { Database } from 'better-sqlite3'

/**
 * Speculative decoding and forced prefixes. Runs keep their draft model, forced token ids (JSON)
 * and speculative statistics (JSON); tree nodes keep the forced flag and the draft counts
 * (null where the draft model never proposed the node). Flags rather than new statuses, so that
 * a node keeps its status (chosen, kept, …) and every status reader stays as it is.
 */
export function updateToSchemaVersion2(db: Database): void {
  db.exec(`
    ALTER TABLE runs ADD COLUMN draft_model TEXT;
    ALTER TABLE runs ADD COLUMN forced TEXT;
    ALTER TABLE runs ADD COLUMN speculative TEXT;

    ALTER TABLE tree_nodes ADD COLUMN forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1));
    ALTER TABLE tree_nodes ADD COLUMN draft_proposed INTEGER;
    ALTER TABLE tree_nodes ADD COLUMN draft_accepted INTEGER;
    ALTER TABLE tree_nodes ADD COLUMN draft_rejected INTEGER;
  `)
}
