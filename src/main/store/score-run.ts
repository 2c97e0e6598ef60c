import type { Database } from 'better-sqlite3'
import type { RunProvenance } from '../../core/records'
import type { StrategySpec } from '../../core/strategy-spec'
import type { LanguageModel, RunResult } from '../../core/types'
import { createExperiment } from './experiments-repo'
import { createRun, finishRun, setRunProvenance } from './runs-repo'

export interface ScoredText {
  model: LanguageModel
  /** The prompt as given (the user turn, when scored as chat). */
  prompt: string
  /** The tokens the text was scored after (the rendered chat prompt's, when as chat). */
  promptTokens: string[]
  topN: number
  /** The score spec (core/score-run.ts scoreSpec) that `result` is the run of. */
  spec: StrategySpec
  result: RunResult
  elapsedMs: number
  /** The run's record: chat and load options, so that a re-run or a branch sees the same context. */
  provenance?: RunProvenance
}

/**
 * Saves a scored text as an experiment of one run of the score strategy, so that it shows in history,
 * re-runs and exports like a decoding run. Only a scored text is saved: one the model cannot score
 * is refused before anything is stored. The experiment's max tokens is the text's length.
 */
export function saveScoreRun(
  db: Database,
  { model, prompt, promptTokens, topN, spec, result, elapsedMs, provenance }: ScoredText,
): { experimentId: number; runId: number } {
  return db.transaction(() => {
    const experimentId = createExperiment(db, {
      modelId: model.id,
      modelKind: model.kind,
      vocabSize: model.vocabSize,
      prompt,
      promptTokens,
      maxTokens: result.sequences[0].tokenIds.length,
      topN,
    })
    const runId = createRun(db, experimentId, 0, spec)
    finishRun(db, runId, { status: 'done', elapsedMs, result })
    if (provenance) setRunProvenance(db, runId, provenance)
    return { experimentId, runId }
  })()
}
