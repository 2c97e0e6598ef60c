import type { Database } from 'better-sqlite3'
import type { RunModelOptions, RunProvenance } from '../../core/records'

/**
 * The load options an experiment's runs recorded (context size, GPU layers), for a branch to load the
 * model the same way; undefined when no run has a record.
 */
export function experimentModelOptions(db: Database, experimentId: number): RunModelOptions | undefined {
  const row = db
    .prepare(`SELECT provenance FROM runs WHERE experiment_id = ? AND provenance IS NOT NULL ORDER BY position LIMIT 1`)
    .get(experimentId) as { provenance: string } | undefined
  if (!row) return undefined
  return (JSON.parse(row.provenance) as RunProvenance).modelOptions ?? {}
}

/** The recorded options where there is a record (older records and unset options: the defaults), else the asked ones. */
export function recordedOrAsked(recorded: RunModelOptions | undefined, asked: RunModelOptions): RunModelOptions {
  const o = recorded ?? asked
  return {
    ...(o.gpuLayers === undefined ? {} : { gpuLayers: o.gpuLayers }),
    ...(o.contextSize === undefined ? {} : { contextSize: o.contextSize }),
  }
}
