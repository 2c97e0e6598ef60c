import type { Database } from 'better-sqlite3'
import { SCORE_RUN } from '../../core/score-run'
import type { StrategySpec } from '../../core/strategy-spec'
import type { LanguageModel, RunResult } from '../../core/types'
import { createExperiment } from './experiments-repo'
import { createRun, finishRun } from './runs-repo'

/**
 * Saves a scored text as an experiment of one run named `score`, so that it shows in history and
 * exports like a decoding run. `score` is no decoding strategy: the run cannot be re-run as one.
 */
export function saveScoreRun(
  db: Database,
  model: LanguageModel,
  prompt: string,
  promptTokens: string[],
  topN: number,
  result: RunResult,
  elapsedMs: number,
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
    const spec = { name: SCORE_RUN, params: {} } as unknown as StrategySpec
    const runId = createRun(db, experimentId, 0, spec)
    finishRun(db, runId, { status: 'done', elapsedMs, result })
    return { experimentId, runId }
  })()
}
