import { contextOf } from './decode'
import { probabilityOf, rankOf } from './distribution'
import { type RankHistogram, rankHistogram } from './rank-buckets'
import { tokenDisplays } from './token-bytes'
import type { LanguageModel, TokenId } from './types'

export interface ScoreStep {
  tokenId: TokenId
  token: string
  prob: number
  /** null where the probability is 0. */
  logProb: number | null
  /**
   * With `ranks`: the token's 0-based position in the ranking order of the model's full distribution
   * (0 = the model's top pick). A token of probability 0 ranks after every token of non-zero probability.
   */
  rank?: number
}

export interface ScoreResult {
  tokenIds: TokenId[]
  tokens: string[]
  steps: ScoreStep[]
  probability: number
  /** null for an impossible text. */
  logProb: number | null
  /** With `ranks`: how many tokens fall in each GLTR rank bucket. */
  histogram?: RankHistogram
}

export interface ScoreOptions {
  /** A remote engine that can scores the whole text in one request; false asks it token by token instead. */
  oneRequest?: boolean
  /** Also rank each token in the full distribution, which needs the distribution at every step. */
  ranks?: boolean
}

/** The chain-rule probability of exactly `textIds` after the prompt. */
export async function score(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  textIds: readonly TokenId[],
  signal?: AbortSignal,
  options: ScoreOptions = {},
): Promise<ScoreResult> {
  const { oneRequest = true, ranks = false } = options
  const context = contextOf(model, promptIds)
  const steps: ScoreStep[] = []
  let probability = 1
  let logProb = 0
  const shown = tokenDisplays(model, textIds)
  const together = (!ranks && oneRequest && (await model.scoreSequence?.(context, textIds, signal))) || null
  for (const [i, id] of textIds.entries()) {
    let prob: number
    let rank: number | undefined
    if (ranks) {
      const dist = await model.next(context, signal)
      prob = probabilityOf(dist, id)
      rank = rankOf(dist, id)
    } else {
      prob = together
        ? together[i]
        : model.probabilityOf
          ? await model.probabilityOf(context, id, signal)
          : probabilityOf(await model.next(context, signal), id)
    }
    steps.push({
      tokenId: id,
      token: shown[i],
      prob,
      logProb: prob > 0 ? Math.log(prob) : null,
      ...(rank !== undefined ? { rank } : {}),
    })
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
    ...(ranks ? { histogram: rankHistogram(steps.map((st) => st.rank ?? 0)) } : {}),
  }
}
