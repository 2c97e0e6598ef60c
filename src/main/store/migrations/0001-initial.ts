import type { Database } from 'better-sqlite3'

export function updateToSchemaVersion1(db: Database): void {
  db.exec(`
    CREATE TABLE experiments (
      id INTEGER PRIMARY KEY,
      model_id TEXT NOT NULL,
      model_kind TEXT NOT NULL,
      vocab_size INTEGER NOT NULL,
      prompt TEXT NOT NULL,
      prompt_tokens TEXT NOT NULL,
      max_tokens INTEGER NOT NULL,
      top_n INTEGER NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE runs (
      id INTEGER PRIMARY KEY,
      experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      strategy TEXT NOT NULL,
      params TEXT NOT NULL,
      seed INTEGER,
      status TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'failed', 'interrupted')),
      error TEXT,
      optimal INTEGER,
      warnings TEXT NOT NULL DEFAULT '[]',
      owner_pid INTEGER,
      owner_host TEXT,
      created_at TEXT NOT NULL,
      finished_at TEXT,
      elapsed_ms REAL,
      tree_nodes INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX runs_by_experiment ON runs(experiment_id, position);
    CREATE INDEX runs_running ON runs(status) WHERE status = 'running';

    CREATE TABLE sequences (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      token_ids TEXT NOT NULL,
      tokens TEXT NOT NULL,
      text TEXT NOT NULL,
      log_prob REAL NOT NULL,
      probability REAL NOT NULL,
      finished INTEGER NOT NULL,
      steps TEXT NOT NULL,
      node_id INTEGER NOT NULL,
      PRIMARY KEY (run_id, position)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE tree_nodes (
      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      node_id INTEGER NOT NULL,
      parent_id INTEGER,
      token_id INTEGER,
      text TEXT NOT NULL,
      prob REAL NOT NULL,
      log_prob REAL NOT NULL,
      depth INTEGER NOT NULL,
      rank INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('chosen', 'kept', 'pruned', 'filtered', 'candidate')),
      expanded INTEGER NOT NULL,
      other_mass REAL,
      entropy REAL,
      partial INTEGER NOT NULL,
      PRIMARY KEY (run_id, node_id)
    ) STRICT, WITHOUT ROWID;
  `)
}
