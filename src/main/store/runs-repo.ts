import type { Database } from 'better-sqlite3'
import type { RunDetail, RunMetrics, RunProvenance, RunStatus, RunSummary } from '../../core/records'
import { splitStoredParams, storedParams, type StrategySpec } from '../../core/strategy-spec'
import type { RunResult, Sequence, SpeculativeStats, TreeNode } from '../../core/types'
import { OWNER } from './database'
import { getTrees, insertTreeNodes } from './tree-repo'

export type { RunDetail, RunStatus, RunSummary }

/** A stored run; speculative statistics and metrics are on RunDetail itself. */
export type StoredRunDetail = RunDetail

/** Stores a run as `running`, owned by this process, before it decodes. */
export function createRun(db: Database, experimentId: number, position: number, strategy: StrategySpec): number {
  const info = db
    .prepare(
      `INSERT INTO runs (experiment_id, position, strategy, params, seed, status, owner_pid, owner_host, owner_started, owner_boot, created_at, draft_model, forced)
       VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      experimentId,
      position,
      strategy.name,
      JSON.stringify(storedParams(strategy)),
      strategy.params.seed ?? null,
      OWNER.pid,
      OWNER.host,
      OWNER.started,
      OWNER.boot,
      new Date().toISOString(),
      strategy.draft ?? null,
      strategy.forced?.length ? JSON.stringify(strategy.forced) : null,
    )
  return Number(info.lastInsertRowid)
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>
  elapsedMs: number
  result?: RunResult
  /** A partial tree, for a cancelled or failed run. */
  tree?: readonly TreeNode[]
  error?: string
}

/** Stores a run's sequences and tree and its final status, all in one transaction. */
export function finishRun(db: Database, runId: number, outcome: RunOutcome): void {
  const tree = outcome.result?.tree ?? outcome.tree ?? []
  db.transaction(() => {
    insertTreeNodes(db, runId, tree)
    const insertSeq = db.prepare(
      `INSERT INTO sequences (run_id, position, token_ids, tokens, text, log_prob, probability, finished, steps, node_id, expected_utility, answer, contrastive_score, stop_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    outcome.result?.sequences.forEach((s, i) =>
      insertSeq.run(
        runId,
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
        s.stopReason ?? null,
      ),
    )
    const optimal = outcome.result?.optimal
    db.prepare(
      `UPDATE runs SET status = ?, error = ?, optimal = ?, warnings = ?, finished_at = ?, elapsed_ms = ?, tree_nodes = ?, speculative = ?, owner_pid = NULL, owner_started = NULL, owner_boot = NULL WHERE id = ?`,
    ).run(
      outcome.status,
      outcome.error ?? null,
      optimal === undefined ? null : optimal ? 1 : 0,
      JSON.stringify(outcome.result?.warnings ?? []),
      new Date().toISOString(),
      outcome.elapsedMs,
      tree.length,
      outcome.result?.speculative ? JSON.stringify(outcome.result.speculative) : null,
      runId,
    )
  })()
}

const SUMMARY_SQL = `SELECT r.*, e.model_id, e.model_kind, e.prompt FROM runs r JOIN experiments e ON e.id = r.experiment_id`

interface RunRow {
  id: number
  experiment_id: number
  position: number
  strategy: string
  params: string
  status: RunStatus
  error: string | null
  optimal: number | null
  warnings: string
  created_at: string
  finished_at: string | null
  elapsed_ms: number | null
  tree_nodes: number
  model_id: string
  model_kind: string
  prompt: string
  draft_model: string | null
  forced: string | null
  speculative: string | null
  metrics: string | null
  provenance: string | null
}

function toSummary(r: RunRow): RunSummary {
  return {
    id: r.id,
    experimentId: r.experiment_id,
    position: r.position,
    model: r.model_id,
    modelKind: r.model_kind,
    prompt: r.prompt,
    strategy: {
      name: r.strategy as StrategySpec['name'],
      ...(r.draft_model !== null ? { draft: r.draft_model } : {}),
      ...splitStoredParams(r.strategy as StrategySpec['name'], JSON.parse(r.params) as Record<string, number | string>),
      ...(r.forced !== null ? { forced: JSON.parse(r.forced) as number[] } : {}),
    },
    status: r.status,
    error: r.error,
    optimal: r.optimal === null ? null : r.optimal === 1,
    warnings: JSON.parse(r.warnings) as string[],
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    elapsedMs: r.elapsed_ms,
    treeNodes: r.tree_nodes,
  }
}

/** Newest first. */
export function listRuns(
  db: Database,
  { limit = 1000, offset = 0 }: { limit?: number; offset?: number } = {},
): RunSummary[] {
  const rows = db.prepare(`${SUMMARY_SQL} ORDER BY r.id DESC LIMIT ? OFFSET ?`).all(limit, offset) as RunRow[]
  return rows.map(toSummary)
}

/** A run's summary alone (no sequences, no tree); null when it does not exist. */
export function getRunSummary(db: Database, id: number): RunSummary | null {
  const row = db.prepare(`${SUMMARY_SQL} WHERE r.id = ?`).get(id) as RunRow | undefined
  return row ? toSummary(row) : null
}

export function getRun(db: Database, id: number): StoredRunDetail | null {
  return runDetails(db, 'r.id = ?', id)[0] ?? null
}

/** An experiment's runs in their order, sequences and trees included. */
export function getExperimentRuns(db: Database, experimentId: number): StoredRunDetail[] {
  return runDetails(db, 'r.experiment_id = ?', experimentId)
}

/** Three statements however many runs match: their rows, their sequences, their trees. */
function runDetails(db: Database, where: 'r.id = ?' | 'r.experiment_id = ?', key: number): StoredRunDetail[] {
  const rows = db.prepare(`${SUMMARY_SQL} WHERE ${where} ORDER BY r.position, r.id`).all(key) as RunRow[]
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const sequences = getSequences(db, ids, new Map(rows.map((r) => [r.id, r.strategy])))
  const trees = getTrees(db, ids)
  return rows.map((row) => {
    const speculative = row.speculative === null ? {} : { speculative: JSON.parse(row.speculative) as SpeculativeStats }
    const metrics = row.metrics === null ? {} : { metrics: JSON.parse(row.metrics) as RunMetrics }
    const provenance = row.provenance === null ? {} : { provenance: JSON.parse(row.provenance) as RunProvenance }
    return {
      ...toSummary(row),
      sequences: sequences.get(row.id) ?? [],
      tree: trees.get(row.id) ?? [],
      ...speculative,
      ...metrics,
      ...provenance,
    }
  })
}

/** Stores what a run needs to be reproduced. */
export function setRunProvenance(db: Database, runId: number, provenance: RunProvenance): void {
  db.prepare(`UPDATE runs SET provenance = ? WHERE id = ?`).run(JSON.stringify(provenance), runId)
}

/** Stores a finished run's degeneration metrics. */
export function setRunMetrics(db: Database, runId: number, metrics: RunMetrics): void {
  db.prepare(`UPDATE runs SET metrics = ? WHERE id = ?`).run(JSON.stringify(metrics), runId)
}

/** A sequence's expected utility, answer and contrastive score, as stored (NULL where absent). */
export function selectionColumns(s: Sequence): [number | null, string | null, number | null] {
  return [s.expectedUtility ?? null, s.answer ?? null, s.contrastiveScore ?? null]
}

interface SequenceRow {
  expected_utility: number | null
  answer: string | null
  contrastive_score: number | null
  stop_reason: string | null
  token_ids: string
  tokens: string
  text: string
  log_prob: number
  probability: number
  finished: number
  steps: string
  node_id: number
}

/** The sequences of these runs, by run id, each run's in their order. */
function getSequences(
  db: Database,
  runIds: readonly number[],
  strategyOf: ReadonlyMap<number, string>,
): Map<number, Sequence[]> {
  const rows = db
    .prepare(`SELECT * FROM sequences WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, position`)
    .all(JSON.stringify(runIds)) as (SequenceRow & { run_id: number })[]
  const byRun = new Map<number, Sequence[]>()
  for (const r of rows) {
    let list = byRun.get(r.run_id)
    if (!list) byRun.set(r.run_id, (list = []))
    list.push({
      tokenIds: JSON.parse(r.token_ids) as number[],
      tokens: JSON.parse(r.tokens) as string[],
      text: r.text,
      logProb: r.log_prob,
      probability: r.probability,
      finished: r.finished === 1,
      steps: JSON.parse(r.steps) as Sequence['steps'],
      nodeId: r.node_id,
      // Only where set, as written. expectedUtility is null for an mbr of one sample: the strategy says which.
      ...(r.expected_utility !== null || strategyOf.get(r.run_id) === 'mbr'
        ? { expectedUtility: r.expected_utility }
        : {}),
      ...(strategyOf.get(r.run_id) === 'vote' ? { answer: r.answer } : {}),
      ...(r.contrastive_score !== null ? { contrastiveScore: r.contrastive_score } : {}),
      ...(r.stop_reason === 'contextEnd' ? { stopReason: 'contextEnd' as const } : {}),
    })
  }
  return byRun
}

export interface RunFilter {
  /** Matched against the prompt, case-insensitively. */
  query?: string
  model?: string
  strategy?: string
  status?: RunStatus
  limit: number
  offset: number
}

interface Conditions {
  sql: string[]
  args: (string | number)[]
}

/**
 * A filter's SQL conditions: on the experiment (alias e: prompt, model) and on a run (alias r:
 * strategy, status), each with its arguments in order.
 */
export function filterConditions(f: RunFilter): { experiment: Conditions; run: Conditions } {
  const experiment: Conditions = { sql: [], args: [] }
  const run: Conditions = { sql: [], args: [] }
  if (f.query) {
    experiment.sql.push(`e.prompt LIKE ? ESCAPE '\\'`)
    experiment.args.push(`%${f.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
  }
  if (f.model) {
    experiment.sql.push('e.model_id = ?')
    experiment.args.push(f.model)
  }
  if (f.strategy) {
    run.sql.push('r.strategy = ?')
    run.args.push(f.strategy)
  }
  if (f.status) {
    run.sql.push('r.status = ?')
    run.args.push(f.status)
  }
  return { experiment, run }
}

/** A page of runs, newest first, with the total that match. */
export function searchRuns(db: Database, f: RunFilter): { runs: RunSummary[]; total: number } {
  const { experiment, run } = filterConditions(f)
  const where = [...experiment.sql, ...run.sql]
  const args = [...experiment.args, ...run.args]
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : ''
  const rows = db
    .prepare(`${SUMMARY_SQL}${clause} ORDER BY r.id DESC LIMIT ? OFFSET ?`)
    .all(...args, f.limit, f.offset) as RunRow[]
  const { total } = db
    .prepare(`SELECT count(*) AS total FROM runs r JOIN experiments e ON e.id = r.experiment_id${clause}`)
    .get(...args) as { total: number }
  return { runs: rows.map(toSummary), total }
}

/** The runs of these experiments, each experiment's in their order. */
export function listExperimentRuns(db: Database, experimentIds: readonly number[]): RunSummary[] {
  const rows = db
    .prepare(
      `${SUMMARY_SQL} WHERE r.experiment_id IN (SELECT value FROM json_each(?)) ORDER BY r.experiment_id, r.position, r.id`,
    )
    .all(JSON.stringify(experimentIds)) as RunRow[]
  return rows.map(toSummary)
}

/** Deletes a run with its sequences and tree, and its experiment once it has no runs left. */
export function deleteRun(db: Database, id: number): boolean {
  return db.transaction(() => {
    const row = db.prepare('SELECT experiment_id FROM runs WHERE id = ?').get(id) as
      { experiment_id: number } | undefined
    if (!row) return false
    db.prepare('DELETE FROM runs WHERE id = ?').run(id)
    db.prepare('DELETE FROM experiments WHERE id = ? AND NOT EXISTS (SELECT 1 FROM runs WHERE experiment_id = ?)').run(
      row.experiment_id,
      row.experiment_id,
    )
    return true
  })()
}

/** Marks a run failed from outside its process (its worker crashed). */
export function failRun(db: Database, id: number, error: string): void {
  db.prepare(
    `UPDATE runs SET status = 'failed', error = ?, finished_at = ?, owner_pid = NULL, owner_started = NULL, owner_boot = NULL WHERE id = ? AND status = 'running'`,
  ).run(error, new Date().toISOString(), id)
}

/** The position after an experiment's last run, where a branch added to it goes. */
export function nextRunPosition(db: Database, experimentId: number): number {
  const row = db.prepare('SELECT max(position) AS last FROM runs WHERE experiment_id = ?').get(experimentId) as {
    last: number | null
  }
  return row.last === null ? 0 : row.last + 1
}
