import { DecodeContext, type DecodeOptions } from './decode-context'
import { DecodeError } from './errors'
import { forcePrefix } from './force'
import { topK, topP, temperature, type Processor } from './processors'
import { buildChain, HF_ORDER } from './processors/order'
import { minP, typicalP } from './processors/truncation'
import { beam } from './strategies/beam'
import { diverseBeam } from './strategies/diverse-beam'
import { exact } from './strategies/exact'
import { greedy } from './strategies/greedy'
import { sampling } from './strategies/sampling'
import { amateurMissing, contrastive } from './strategies/contrastive'
import { mbr, vote } from './strategies/sample-then-select'
import { speculative } from './strategies/speculative'
import type { UtilityName } from './select/utility'
import type { StrategyOutput } from './strategies/strategy'
import { proposalOf, type StrategySpec } from './strategy-spec'
import type { LanguageModel, RunResult, TokenId } from './types'

export const DEFAULT_MAX_TOKENS = 32
export const DEFAULT_TOP_N = 10

/**
 * The processor chain of a sampling strategy. `sample` chains whatever it is given, in its recorded
 * order (hf when it has none); the presets are temperature then one truncation, as Hugging Face does.
 */
export function processorsFor(spec: StrategySpec): Processor[] {
  const p = spec.params
  switch (spec.name) {
    case 'nucleus':
      return [temperature(p.temperature), topP(p.p)]
    case 'topk':
      return [temperature(p.temperature), topK(p.k)]
    case 'minp':
      return [temperature(p.temperature), minP(p.p)]
    case 'typical':
      return [temperature(p.temperature), typicalP(p.p)]
    case 'sample':
    case 'speculative':
      return buildChain(p, p.order ?? HF_ORDER)
    default:
      return []
  }
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

function runStrategy(ctx: DecodeContext, spec: StrategySpec, draftModel: LanguageModel | undefined): Promise<StrategyOutput> {
  const p = spec.params
  switch (spec.name) {
    case 'greedy':
      return greedy(ctx)
    case 'beam':
      return (p.groups ?? 1) > 1
        ? diverseBeam(ctx, { width: p.width, lengthPenalty: p.lengthPenalty, groups: p.groups, diversityPenalty: p.diversityPenalty ?? 0 })
        : beam(ctx, { width: p.width, lengthPenalty: p.lengthPenalty })
    case 'exact':
      return exact(ctx, { budget: p.budget })
    case 'nucleus':
    case 'topk':
    case 'sample':
    case 'minp':
    case 'typical':
      return sampling(ctx, processorsFor(spec), { seed: p.seed, samples: p.samples })
    case 'speculative':
      if (!draftModel) throw new DecodeError(`speculative decoding needs its draft model (${spec.draft ?? 'none named'}) loaded`)
      return speculative(ctx, draftModel, processorsFor(spec), { lookahead: p.lookahead, seed: p.seed, samples: p.samples })
    case 'mbr':
      return mbr(ctx, processorsFor(proposalOf(spec)), { seed: p.seed, samples: p.samples, utility: spec.textParams?.utility as UtilityName })
    case 'vote':
      return vote(ctx, processorsFor(proposalOf(spec)), { seed: p.seed, samples: p.samples, answerPattern: spec.textParams?.answerPattern })
    case 'contrastive':
      if (!draftModel) throw amateurMissing(spec.draft)
      return contrastive(ctx, draftModel, { alpha: p.alpha, width: p.width })
  }
}
