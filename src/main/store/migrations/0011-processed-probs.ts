import type { Database } from 'better-sqlite3'

/**
 * What the sampler chain did at each step: per candidate node its probability after the chain and
 * the processor that removed it (both null where no chain ran), per expanded node the sampler's
 * state (Mirostat μ, adaptive-p's target, the temperature applied).
 */
export function updateToSchemaVersion11(db: Database): void {
  db.exec(`
    ALTER TABLE tree_nodes ADD COLUMN processed_prob REAL;
    ALTER TABLE tree_nodes ADD COLUMN filtered_by TEXT;
    ALTER TABLE tree_nodes ADD COLUMN mirostat_mu REAL;
    ALTER TABLE tree_nodes ADD COLUMN adaptive_target REAL;
    ALTER TABLE tree_nodes ADD COLUMN applied_temperature REAL;
  `)
}
