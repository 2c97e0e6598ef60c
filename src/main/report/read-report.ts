import type { Database } from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { InputError } from '../../core/errors'
import {
  experimentIdentity,
  REPORT_FORMAT,
  REPORT_VERSION,
  type Report,
  type ReportRun,
} from '../../core/report/json-schema'
import { getExperiment } from '../store/experiments-repo'
import { getExperimentRuns, getRun, type StoredRunDetail } from '../store/runs-repo'
import { withProcessed } from '../../core/report/processed-fields'
import { appVersion } from '../provenance/app-version'
import { modelSha256 } from '../provenance/model-hash'

/** What to export: a whole experiment, or one run (with its experiment's settings). */
export type ExportTarget = { experimentId: number } | { runId: number }

export function experimentKey(e: Parameters<typeof experimentIdentity>[0]): string {
  return createHash('sha256').update(experimentIdentity(e)).digest('hex')
}

/** Reads a run or an experiment from the store as a report (the JSON format's data). */
export async function readReport(db: Database, target: ExportTarget, now = new Date()): Promise<Report> {
  let experimentId: number
  let runs: StoredRunDetail[]
  if ('runId' in target) {
    const run = getRun(db, target.runId)
    if (!run) throw new InputError(`no run ${target.runId} in the database; list the runs with: runs`)
    experimentId = run.experimentId
    runs = [run]
  } else {
    experimentId = target.experimentId
    runs = getExperimentRuns(db, experimentId)
  }
  const e = getExperiment(db, experimentId)
  if (!e)
    throw new InputError(
      `no experiment ${experimentId} in the database; the runs list shows each run's experiment: runs`,
    )
  const experiment = {
    modelId: e.modelId,
    modelKind: e.modelKind,
    vocabSize: e.vocabSize,
    prompt: e.prompt,
    promptTokens: e.promptTokens,
    maxTokens: e.maxTokens,
    topN: e.topN,
    createdAt: e.createdAt,
  }
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    app: { name: 'decoding-lab', version: appVersion() },
    exportedAt: now.toISOString(),
    scope: 'runId' in target ? 'run' : 'experiment',
    experiment: { key: experimentKey(experiment), ...experiment, modelSha256: await modelSha256(e.modelId) },
    runs: runs.map(toReportRun),
  }
}

function toReportRun(r: StoredRunDetail): ReportRun {
  return {
    position: r.position,
    strategy: r.strategy,
    ...(r.speculative ? { speculative: r.speculative } : {}),
    ...(r.metrics ? { metrics: r.metrics } : {}),
    ...(r.provenance ? { provenance: r.provenance } : {}),
    status: r.status,
    error: r.error,
    optimal: r.optimal,
    warnings: r.warnings,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    elapsedMs: r.elapsedMs,
    sequences: r.sequences,
    tree: r.tree.map(withProcessed),
  }
}
