import { z } from 'zod'
import type { DecodeContext } from '../decode-context'
import { InputError } from '../errors'
import type { TokenId } from '../types'
import { defineStrategy, type StrategyOutput } from './strategy'

/**
 * Walks a given text's tokens from where the strategy starts: each node on the path expanded with
 * the model's top alternatives and ranked in the full distribution, the path chosen, the text the
 * one sequence. Max tokens does not cut it: the text's length is what counts.
 */
export async function scorePath(ctx: DecodeContext, textIds: readonly TokenId[]): Promise<StrategyOutput> {
  if (textIds.length === 0) throw new InputError('the text to score is empty; paste some text first')
  const { nodes } = await ctx.expandPath(ctx.start.id, textIds, false)
  if (nodes.length < textIds.length) {
    throw new InputError(
      `token ${nodes.length + 1} of the text ("${ctx.model.tokenText(textIds[nodes.length])}") has probability 0 under the model, so the text cannot be saved as a run; change that token or pick another model`,
    )
  }
  const last = nodes[nodes.length - 1]
  ctx.tree.markPath(last.id, 'chosen')
  return { sequences: [await ctx.sequence(last.id, true)] }
}

/**
 * A scored text as a run (the Score tab, the CLI's `score --save`): its spec holds the text, so
 * the run shows, re-runs and exports like any other. It is reached through its own request, not
 * offered where strategies are picked.
 */
export const scoreStrategy = defineStrategy({
  display: { zh: '打分', params: { eos: '结束符' }, textParams: { text: '要打分的文本' } },
  summary:
    "text (the text to score, whole: max tokens does not cut it), eos=1 (the end token after it): the model's probability of each of its tokens",
  schema: () =>
    z.strictObject({
      eos: z.number().int('eos must be 0 or 1').min(0, 'eos must be 0 or 1').max(1, 'eos must be 0 or 1').optional(),
    }),
  textParams: { text: undefined },
  pickable: false,
  labelOmits: ['text'],
  run: async (ctx, params, { textParams }) => {
    const text = textParams.text
    // Score runs saved before their spec kept the text.
    if (text === undefined)
      throw new InputError('this score run records no text to score; score the text again with "Score a text"')
    // After a prompt or forced tokens the text is a continuation; alone, it is tokenized as a prompt would be.
    const alone = ctx.prefix.length === (ctx.model.bos === null ? 0 : 1) && ctx.start.depth === 0
    const ids = [...(await ctx.model.tokenize(text, alone ? 'prompt' : 'continuation'))]
    if (params.eos === 1) ids.push(ctx.model.eos)
    return scorePath(ctx, ids)
  },
  presets: [{ text: '天气好' }],
})
