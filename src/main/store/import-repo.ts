import type { Database } from 'better-sqlite3'
import type { Report, ReportRun } from '../../core/report/json-schema'
import { selectionColumns } from './runs-repo'
import { insertTreeNodes } from './tree-repo'
import { storedParams } from '../../core/strategy-spec'

export interface ImportOutcome {
  experimentId: number
  /** A new experiment was made; false when it was already here (then only missing runs are added). */
  created: boolean
  /** Ids of the runs added, in the file's order; empty when everything was already here. */
  runIds: number[]
}

/**
 * Adds a report's experiment and runs, all in one transaction, and overwrites nothing. An
 * experiment is the same one when every field it was created with matches, its creation time
 * included; a run is the same one when it sits at the same position of that experiment.
 */
export function importExperiment(db: Database, report: Report): ImportOutcome {
  return db
    .transaction((): ImportOutcome => {
      const e = report.experiment
      const existing = db
        .prepare(
          `SELECT id FROM experiments WHERE created_at = ? AND model_id = ? AND model_kind = ? AND vocab_size = ? AND prompt = ?
             AND prompt_tokens = ? AND max_tokens = ? AND top_n = ? ORDER BY id LIMIT 1`,
        )
        .get(
          e.createdAt,
          e.modelId,
          e.modelKind,
          e.vocabSize,
          e.prompt,
          JSON.stringify(e.promptTokens),
          e.maxTokens,
          e.topN,
        ) as { id: number } | undefined
      const experimentId =
        existing?.id ??
        Number(
          db
            .prepare(
              `INSERT INTO experiments (model_id, model_kind, vocab_size, prompt, prompt_tokens, max_tokens, top_n, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              e.modelId,
              e.modelKind,
              e.vocabSize,
              e.prompt,
              JSON.stringify(e.promptTokens),
              e.maxTokens,
              e.topN,
              e.createdAt,
            ).lastInsertRowid,
        )
      const taken = new Set(
        (
          db.prepare('SELECT position FROM runs WHERE experiment_id = ?').all(experimentId) as { position: number }[]
        ).map((r) => r.position),
      )
      const runIds = report.runs.filter((r) => !taken.has(r.position)).map((r) => insertRun(db, experimentId, r))
      return { experimentId, created: existing === undefined, runIds }
    })
    .immediate()
}

function insertRun(db: Database, experimentId: number, r: ReportRun): number {
  // A run exported while it was decoding has no process here to finish it.
  const interrupted = r.status === 'running'
  const id = Number(
    db
      .prepare(
        `INSERT INTO runs (experiment_id, position, strategy, params, seed, status, error, optimal, warnings, owner_pid, owner_host, created_at, finished_at, elapsed_ms, tree_nodes,
           draft_model, forced, speculative, metrics, provenance)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        experimentId,
        r.position,
        r.strategy.name,
        JSON.stringify(storedParams(r.strategy)),
        r.strategy.params.seed ?? null,
        interrupted ? 'interrupted' : r.status,
        interrupted ? (r.error ?? 'the run was still decoding when it was exported') : r.error,
        r.optimal === null ? null : r.optimal ? 1 : 0,
        JSON.stringify(r.warnings),
        r.createdAt,
        r.finishedAt,
        r.elapsedMs,
        r.tree.length,
        r.strategy.draft ?? null,
        r.strategy.forced ? JSON.stringify(r.strategy.forced) : null,
        r.speculative ? JSON.stringify(r.speculative) : null,
        r.metrics ? JSON.stringify(r.metrics) : null,
        r.provenance ? JSON.stringify(r.provenance) : null,
      ).lastInsertRowid,
  )
  insertTreeNodes(db, id, r.tree)
  const insertSeq = db.prepare(
    `INSERT INTO sequences (run_id, position, token_ids, tokens, text, log_prob, probability, finished, steps, node_id, expected_utility, answer, contrastive_score)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  r.sequences.forEach((s, i) =>
    insertSeq.run(
      id,
      i,
      JSON.stringify(s.tokenIds),
      JSON.stringify(s.tokens),
      s.text,
      s.logProb,
      s.probability,
      s.finished ? 1 : 0,
      JSON.stringify(s.steps),
      s.nodeId,
      ...selectionColumns(s),
    ),
  )
  return id
}
