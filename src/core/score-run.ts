import { decode } from './decode'
import { type StrategySpec, validateStrategy } from './strategy-spec'
import type { LanguageModel, RunResult, TokenId } from './types'

/** What a `score` run is stored under in history, beside the decoding strategies' names. */
export const SCORE_RUN = 'score'

/** The spec of a scored text: the text, and with `eos` the model's end token after it. */
export function scoreSpec(text: string, eos = false): StrategySpec {
  return validateStrategy(SCORE_RUN, { text, ...(eos ? { eos: 1 } : {}) })
}

/**
 * A scored text as a run, decoded as any run of the score strategy is (strategies/score.ts): the path
 * of its tokens in a probability tree, each node expanded with the model's top `topN` alternatives
 * and ranked in the full distribution, and the text as the one sequence.
 */
export function scoreAsRun(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  spec: StrategySpec,
  topN: number,
  signal?: AbortSignal,
): Promise<RunResult> {
  // The score strategy walks the whole text whatever max tokens says.
  return decode(model, promptIds, spec, { maxTokens: 0, topN, signal })
}
