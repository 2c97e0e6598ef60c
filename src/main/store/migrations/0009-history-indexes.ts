import type { Database } from 'better-sqlite3'

/**
 * The history lists experiments newest first, filtered by model, and by whether any of their runs
 * has a strategy or a status. Without these, a model filter scans every experiment and each
 * strategy or status test walks an experiment's runs row by row.
 */
export function updateToSchemaVersion9(db: Database): void {
  db.exec(`
    CREATE INDEX experiments_by_model ON experiments(model_id, id);
    CREATE INDEX runs_by_experiment_strategy ON runs(experiment_id, strategy, status);
  `)
}
