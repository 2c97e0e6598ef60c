import { DecodeContext, type DecodeOptions } from './decode-context'
import { DecodeError } from './errors'
import { forcePrefix } from './force'
import { topK, topP, temperature, type Processor } from './processors'
import { activeProcessors, buildChain, type ChainEnv, defaultOrder } from './processors/order'
import { DRY_SEQUENCE_BREAKERS, dryBreakerSequences } from './processors/dry'
import { ADAPTIVE_P_NEUTRAL } from './processors/adaptive-p'
import { MIROSTAT_NEUTRAL } from './processors/mirostat'
import { minP, typicalP } from './processors/truncation'
import { beam } from './strategies/beam'
import { diverseBeam } from './strategies/diverse-beam'
import { exact } from './strategies/exact'
import { greedy } from './strategies/greedy'
import { type Selector, sampling } from './strategies/sampling'
import { speculative } from './strategies/speculative'
import type { StrategyOutput } from './strategies/strategy'
import type { StrategySpec } from './strategy-spec'
import type { LanguageModel, RunResult, TokenId } from './types'

export const DEFAULT_MAX_TOKENS = 32
export const DEFAULT_TOP_N = 10

/**
 * The processor chain of a sampling strategy. `sample` chains whatever it is given, in its recorded
 * order (hf when it has none); the presets are temperature then one truncation, as Hugging Face does.
 * With Mirostat the chain is temperature alone, as llama.cpp builds it (common_sampler_init).
 */
export function processorsFor(spec: StrategySpec, env: ChainEnv = {}): Processor[] {
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
      if ((p.mirostat ?? 0) !== 0) return p.temperature !== undefined && p.temperature !== 1 ? [temperature(p.temperature)] : []
      return buildChain(p, p.order ?? defaultOrder(p), env)
    case 'speculative':
      return buildChain(p, p.order ?? defaultOrder(p), env)
    default:
      return []
  }
}

/** The context a model conditions on: BOS when it has one, then the prompt. */
export function contextOf(model: LanguageModel, promptIds: readonly TokenId[]): TokenId[] {
  return model.bos === null ? [...promptIds] : [model.bos, ...promptIds]
}

export interface RunOptions extends DecodeOptions {
  /** The loaded draft model of a speculative spec (spec.draft names it). */
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
  }
  return {
    sequences: out.sequences,
    tree: ctx.tree.nodes,
    optimal: out.optimal,
    warnings: [...ctx.warnings],
    ...(out.speculative ? { speculative: out.speculative } : {}),
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
    case 'sample':
      return sampleRun(ctx, spec)
    case 'nucleus':
    case 'topk':
    case 'minp':
    case 'typical':
      return sampling(ctx, processorsFor(spec), { seed: p.seed, samples: p.samples })
    case 'speculative':
      if (!draftModel) throw new DecodeError(`speculative decoding needs its draft model (${spec.draft ?? 'none named'}) loaded`)
      return speculative(ctx, draftModel, processorsFor(spec), { lookahead: p.lookahead, seed: p.seed, samples: p.samples })
  }
}

/** `sample`: its chain with the run's generator and the model's DRY breakers, and its selector. */
async function sampleRun(ctx: DecodeContext, spec: StrategySpec): Promise<StrategyOutput> {
  const p = spec.params
  const mirostat = p.mirostat ?? MIROSTAT_NEUTRAL.mirostat
  const dryBreakers = (p.dryMultiplier ?? 0) > 0 && mirostat === 0 ? await breakerSequences(ctx.model, DRY_SEQUENCE_BREAKERS) : []
  if (mirostat !== 0) {
    const ignored = activeProcessors(p).filter((k) => k !== 'temperature')
    if (ignored.length) ctx.warnings.add(`mirostat replaces the sampler chain, as in llama.cpp: ${ignored.join(', ')} had no effect`)
  }
  const selector: Selector | undefined =
    mirostat !== 0
      ? { kind: 'mirostat', version: mirostat as 1 | 2, tau: p.mirostatTau ?? MIROSTAT_NEUTRAL.mirostatTau, eta: p.mirostatEta ?? MIROSTAT_NEUTRAL.mirostatEta, vocabSize: ctx.model.vocabSize }
      : (p.adaptiveTarget ?? ADAPTIVE_P_NEUTRAL.adaptiveTarget) >= 0
        ? { kind: 'adaptiveP', target: p.adaptiveTarget as number, decay: p.adaptiveDecay ?? ADAPTIVE_P_NEUTRAL.adaptiveDecay }
        : undefined
  return sampling(ctx, (random) => processorsFor(spec, { random, dryBreakers }), { seed: p.seed, samples: p.samples, selector })
}

/** DRY's breakers over the model's vocabulary; their tails are tokenized first, since a remote model tokenizes asynchronously. */
async function breakerSequences(model: LanguageModel, breakers: readonly string[]): Promise<TokenId[][]> {
  const tails = new Map<string, readonly TokenId[]>()
  for (const b of breakers) for (let i = 1; i < b.length; i++) tails.set(b.slice(i), [])
  for (const t of tails.keys()) tails.set(t, await model.tokenize(t))
  return dryBreakerSequences(breakers, { vocabSize: model.vocabSize, tokenText: (id) => model.tokenText(id), tokenize: (t) => tails.get(t) ?? [] })
}
