import { contextOf } from './decode'
import { probabilityOf } from './distribution'
import { tokenDisplays } from './token-bytes'
import type { LanguageModel, TokenId } from './types'

export interface ScoreStep {
  tokenId: TokenId
  token: string
  prob: number
  /** null where the probability is 0. */
  logProb: number | null
}

export interface ScoreResult {
  tokenIds: TokenId[]
  tokens: string[]
  steps: ScoreStep[]
  probability: number
  /** null for an impossible text. */
  logProb: number | null
}

/**
 * The chain-rule probability of exactly `textIds` after the prompt. A remote engine that can scores
 * the whole text in one request; `oneRequest: false` asks it token by token instead.
 */
export async function score(model: LanguageModel, promptIds: readonly TokenId[], textIds: readonly TokenId[], signal?: AbortSignal, oneRequest = true): Promise<ScoreResult> {
  const context = contextOf(model, promptIds)
  const steps: ScoreStep[] = []
  let probability = 1
  let logProb = 0
  const shown = tokenDisplays(model, textIds)
  const together = (oneRequest && (await model.scoreSequence?.(context, textIds, signal))) || null
  for (const [i, id] of textIds.entries()) {
    const prob = together ? together[i] : model.probabilityOf ? await model.probabilityOf(context, id, signal) : probabilityOf(await model.next(context, signal), id)
    steps.push({ tokenId: id, token: shown[i], prob, logProb: prob > 0 ? Math.log(prob) : null })
    probability *= prob
    logProb += Math.log(prob)
    context.push(id)
  }
  return {
    tokenIds: [...textIds],
    tokens: shown,
    steps,
    probability,
    logProb: probability > 0 ? logProb : null,
  }
}
