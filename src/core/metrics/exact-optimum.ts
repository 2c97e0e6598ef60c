import { decode } from '../decode'
import type { LanguageModel, TokenId } from '../types'

/** Hypotheses the search gap's exact search may generate before it gives up. */
export const SEARCH_GAP_BUDGET = 5_000

/**
 * log P of the most probable complete sequence, by the `exact` strategy within `budget`
 * hypotheses; null when the budget ran out before optimality was proven.
 */
export async function exactOptimumLogProb(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  maxTokens: number,
  budget = SEARCH_GAP_BUDGET,
  signal?: AbortSignal,
): Promise<number | null> {
  const r = await decode(model, promptIds, { name: 'exact', params: { budget } }, { maxTokens, topN: 1, signal })
  return r.optimal ? r.sequences[0].logProb : null
}
