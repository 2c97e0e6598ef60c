import { DecodeContext, type DecodeOptions } from './decode-context'
import { forcePrefix } from './force'
import type { Processor } from './processors'
import { strategyEntry } from './strategies'
import type { StrategyOutput } from './strategies/strategy'
import { proposalOf, type StrategySpec } from './strategy-spec'
import type { LanguageModel, RunResult, TokenId } from './types'

export const DEFAULT_MAX_TOKENS = 32
export const DEFAULT_TOP_N = 10

/** The processor chain of a strategy's distributions (strategies/index.ts); empty for strategies without one. */
export function processorsFor(spec: StrategySpec): Processor[] {
  return strategyEntry(spec.name).processors?.(spec.params) ?? []
}

/** The context a model conditions on: BOS when it has one, then the prompt. */
export function contextOf(model: LanguageModel, promptIds: readonly TokenId[]): TokenId[] {
  return model.bos === null ? [...promptIds] : [model.bos, ...promptIds]
}

export interface RunOptions extends DecodeOptions {
  /** The loaded draft model of a speculative spec, or the amateur of a contrastive one (spec.draft names it). */
  draftModel?: LanguageModel
}

/**
 * Decodes one strategy and returns its sequences and the probability tree it explored. A spec's
 * forced tokens come first, then the strategy continues from the last of them.
 */
export async function decode(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  spec: StrategySpec,
  options: RunOptions,
): Promise<RunResult> {
  await model.clearCache?.()
  await options.draftModel?.clearCache?.()
  const ctx = new DecodeContext(model, contextOf(model, promptIds), options)
  let out: StrategyOutput
  try {
    if (spec.forced?.length) await forcePrefix(ctx, spec.forced)
    out = await runStrategy(ctx, spec, options.draftModel)
    await ctx.settleProgress()
  } catch (err) {
    throw Object.assign(err as Error, { partialTree: ctx.tree.nodes })
  } finally {
    ctx.release(true)
  }
  return {
    sequences: out.sequences,
    tree: ctx.tree.nodes,
    optimal: out.optimal,
    warnings: [...ctx.warnings],
    ...(out.speculative ? { speculative: out.speculative } : {}),
    ...(out.vote ? { vote: out.vote } : {}),
  }
}

function runStrategy(
  ctx: DecodeContext,
  spec: StrategySpec,
  draftModel: LanguageModel | undefined,
): Promise<StrategyOutput> {
  // A sample-then-select strategy draws through its proposal's chain.
  const processors = spec.textParams?.proposal !== undefined ? processorsFor(proposalOf(spec)) : processorsFor(spec)
  return strategyEntry(spec.name).run(ctx, spec.params, {
    processors,
    draftModel,
    draft: spec.draft,
    textParams: spec.textParams ?? {},
  })
}
