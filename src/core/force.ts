import type { DecodeContext } from './decode-context'
import { InputError } from './errors'
import type { TokenId } from './types'

/**
 * Appends forced tokens after the prompt, in one model call, with the model's own probabilities:
 * they count in every sequence's probability, P(forced + continuation | prompt). The strategy
 * then starts from the last of them. A token the model gives probability 0 cannot be forced.
 */
export async function forcePrefix(ctx: DecodeContext, tokens: readonly TokenId[]): Promise<void> {
  const from = ctx.tree.root.id
  const end = tokens.findIndex((t) => ctx.isEnd(t))
  if (end >= 0 && end < tokens.length - 1)
    throw new InputError(`a forced prefix can end with ${ctx.model.tokenText(tokens[end])}, not go on after it`)
  const { nodes } = await ctx.expandPath(from, tokens, false)
  if (nodes.length < tokens.length) {
    const before = [...ctx.prefix, ...tokens.slice(0, nodes.length)].map((t) => ctx.model.tokenText(t)).join(' ')
    throw new InputError(
      `cannot force "${ctx.model.tokenText(tokens[nodes.length])}": ${ctx.model.id} gives it probability 0 after "${before}"`,
    )
  }
  for (const n of nodes) {
    ctx.tree.markForced(n.id)
    ctx.tree.mark(n.id, 'kept')
  }
  if (nodes.length > 0) ctx.start = nodes[nodes.length - 1]
}
