import type { Database } from 'better-sqlite3'

/**
 * What sample-then-select and contrastive decoding add to a run: per sequence its expected utility
 * (mbr), its answer (vote) and its summed contrastive score; per tree node of a contrastive run the
 * amateur's probability and the score. NULL wherever the strategy gives none.
 */
export function updateToSchemaVersion10(db: Database): void {
  db.exec(`
    ALTER TABLE sequences ADD COLUMN expected_utility REAL;
    ALTER TABLE sequences ADD COLUMN answer TEXT;
    ALTER TABLE sequences ADD COLUMN contrastive_score REAL;
    ALTER TABLE tree_nodes ADD COLUMN amateur_prob REAL;
    ALTER TABLE tree_nodes ADD COLUMN contrastive_score REAL;
  `)
}
