import { contextOf } from './decode'
import { DecodeContext } from './decode-context'
import { InputError } from './errors'
import type { LanguageModel, RunResult, TokenId } from './types'

/** What a `score` run is stored under in history, beside the decoding strategies' names. */
export const SCORE_RUN = 'score'

/**
 * A scored text as a run: the path of its tokens in a probability tree, each node expanded with the
 * model's top `topN` alternatives and ranked in the full distribution, and the text as the one sequence.
 */
export async function scoreAsRun(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  textIds: readonly TokenId[],
  topN: number,
  signal?: AbortSignal,
): Promise<RunResult> {
  if (textIds.length === 0) throw new InputError('the text to score is empty; paste some text first')
  const prefix = contextOf(model, promptIds)
  const ctx = new DecodeContext(model, prefix, { maxTokens: textIds.length, topN, signal })
  const { nodes } = await ctx.expandPath(ctx.tree.root.id, textIds, false)
  if (nodes.length < textIds.length) {
    throw new InputError(
      `token ${nodes.length + 1} of the text ("${model.tokenText(textIds[nodes.length])}") has probability 0 under the model, so the text cannot be saved as a run; change that token or pick another model`,
    )
  }
  const last = nodes[nodes.length - 1]
  ctx.tree.markPath(last.id, 'chosen')
  const sequence = await ctx.sequence(last.id)
  return { sequences: [sequence], tree: ctx.tree.nodes, warnings: [...ctx.warnings] }
}
