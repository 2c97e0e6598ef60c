import type { Database } from 'better-sqlite3'
import type { ExperimentSummary, RunSummary } from '../../core/records'
import { filterConditions, listExperimentRuns, type RunFilter } from './runs-repo'

interface ExperimentRow {
  id: number
  model_id: string
  model_kind: string
  prompt: string
  created_at: string
}

interface BestRow {
  experiment_id: number
  run_id: number
  tokens: string
  probability: number
}

/**
 * A page of experiments, newest first, with the total that match. An experiment matches when its
 * prompt contains the query and it is on the model, and when one of its runs has the strategy and
 * the status (the same run for both). Experiments without runs are not listed.
 */
export function listExperiments(db: Database, f: RunFilter): { experiments: ExperimentSummary[]; total: number } {
  const { experiment, run } = filterConditions(f)
  const runWhere = ['r.experiment_id = e.id', ...run.sql]
  const where = [...experiment.sql, `EXISTS (SELECT 1 FROM runs r WHERE ${runWhere.join(' AND ')})`]
  const args = [...experiment.args, ...run.args]
  const clause = ` WHERE ${where.join(' AND ')}`
  const rows = db
    .prepare(
      `SELECT e.id, e.model_id, e.model_kind, e.prompt, e.created_at FROM experiments e${clause} ORDER BY e.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, f.limit, f.offset) as ExperimentRow[]
  const { total } = db.prepare(`SELECT count(*) AS total FROM experiments e${clause}`).get(...args) as { total: number }
  const ids = rows.map((r) => r.id)
  const runs = groupBy(listExperimentRuns(db, ids), (r) => r.experimentId)
  const best = new Map(bestSequences(db, ids).map((b) => [b.experiment_id, b]))
  const experiments = rows.map((r): ExperimentSummary => {
    const b = best.get(r.id)
    return {
      id: r.id,
      model: r.model_id,
      modelKind: r.model_kind,
      prompt: r.prompt,
      createdAt: r.created_at,
      runs: runs.get(r.id) ?? [],
      best: b ? { runId: b.run_id, tokens: JSON.parse(b.tokens) as string[], probability: b.probability } : null,
      forced: forcedTokens(db, runs.get(r.id) ?? []),
    }
  })
  return { experiments, total }
}

/** Each experiment's most probable sequence; a tie goes to the earlier run, then the earlier sequence. */
function bestSequences(db: Database, experimentIds: readonly number[]): BestRow[] {
  return db
    .prepare(
      `SELECT experiment_id, run_id, tokens, probability FROM (
         SELECT r.experiment_id, s.run_id, s.tokens, s.probability,
                row_number() OVER (PARTITION BY r.experiment_id ORDER BY s.probability DESC, r.position, r.id, s.position) AS n
         FROM runs r JOIN sequences s ON s.run_id = r.id
         WHERE r.experiment_id IN (SELECT value FROM json_each(?))
       ) WHERE n = 1`,
    )
    .all(JSON.stringify(experimentIds)) as BestRow[]
}

/** The tokens each branch run forced, read from its first sequence. */
function forcedTokens(db: Database, runs: readonly RunSummary[]): Record<number, string[]> {
  const out: Record<number, string[]> = {}
  const first = db.prepare(`SELECT tokens FROM sequences WHERE run_id = ? ORDER BY position LIMIT 1`)
  for (const r of runs) {
    const n = r.strategy.forced?.length ?? 0
    if (n === 0) continue
    const row = first.get(r.id) as { tokens: string } | undefined
    if (row) out[r.id] = (JSON.parse(row.tokens) as string[]).slice(0, n)
  }
  return out
}

function groupBy(runs: RunSummary[], key: (r: RunSummary) => number): Map<number, RunSummary[]> {
  const out = new Map<number, RunSummary[]>()
  for (const r of runs) {
    const list = out.get(key(r))
    if (list) list.push(r)
    else out.set(key(r), [r])
  }
  return out
}
