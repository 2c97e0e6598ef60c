import type { Database } from 'better-sqlite3'
import { InputError } from '../../core/errors'
import { parseReport } from '../../core/report/json-schema'
import { validateStrategy } from '../../core/strategy-spec'
import { importExperiment, type ImportOutcome } from '../store/import-repo'

export type { ImportOutcome }

/**
 * Loads a JSON report into the database without overwriting anything; importing the same file
 * again adds nothing. A malformed file, or one from a newer version, is refused (InputError) and
 * the database is left as it was.
 */
export function importReport(db: Database, text: string, source = 'the report'): ImportOutcome {
  const report = parseReport(text, source)
  if (report.runs.length === 0) throw new InputError(`${source} holds no runs; nothing was imported`)
  report.runs.forEach((r, i) => {
    const noSeed = (): number => {
      throw new InputError(
        `${source}: $.runs[${i}].strategy.params: ${r.strategy.name} needs its seed to be reproducible`,
      )
    }
    try {
      validateStrategy(
        r.strategy.name,
        { ...r.strategy.params, ...r.strategy.textParams, ...(r.strategy.draft ? { draft: r.strategy.draft } : {}) },
        noSeed,
      )
    } catch (err) {
      throw new InputError(`${source} is not a valid report: $.runs[${i}].strategy: ${(err as Error).message}`)
    }
  })
  return importExperiment(db, report)
}
