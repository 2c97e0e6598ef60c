import { type DecodeContext, noContinuation } from '../decode-context'
import { type Candidates, sortedCandidates } from '../distribution'
import { draw, type Processor } from '../processors'
import {
  adaptedTarget,
  adaptivePCandidates,
  type AdaptivePState,
  adaptivePStart,
  adaptivePUpdate,
} from '../processors/adaptive-p'
import { TokenHistory } from '../processors/history'
import { mirostatCandidates, mirostatStart, mirostatUpdate } from '../processors/mirostat'
import { processedProbs, traceChain } from '../processors/trace'
import { seededRandom } from '../rng'
import { DecodeError } from '../errors'
import type { SamplerState } from '../types'
import { defineStrategy, seedOf, type StrategyOutput } from './strategy'
import { z } from 'zod'
import { temperature } from '../processors'
import { activeProcessors, buildChain, CHAIN_NEUTRALS, type ChainEnv, defaultOrder } from '../processors/order'
import { ADAPTIVE_P_NEUTRAL } from '../processors/adaptive-p'
import { DRY_SEQUENCE_BREAKERS, dryBreakerSequences } from '../processors/dry'
import { MIROSTAT_NEUTRAL } from '../processors/mirostat'
import type { LanguageModel, TokenId } from '../types'
import { order, PROCESSOR_NAMES_ZH, sampleProcessors, samples, seed, SEEDED_NAMES_ZH } from './params'
import { CONSTRAINT_PARAMS, constraintProcessors } from '../processors/constraints'

/**
 * What draws the token once the chain is done: a plain draw from the processed distribution, or
 * one of llama.cpp's stateful selectors. Mirostat truncates by its state μ first (its chain is
 * temperature alone, as llama.cpp builds it); adaptive-p reshapes towards its adapted target.
 */
export type Selector =
  | { kind: 'mirostat'; version: 1 | 2; tau: number; eta: number; vocabSize: number }
  | { kind: 'adaptiveP'; target: number; decay: number }

export interface SamplingParams {
  seed: number
  samples: number
  selector?: Selector
}

/** A chain, or how to build it from the run's generator (XTC draws from it too). */
export type ChainSource = readonly Processor[] | ((random: () => number) => readonly Processor[])

/**
 * Draws `samples` sequences from the processed distribution with one seeded generator.
 * The probabilities recorded are always the model's own; processors only decide what is drawn.
 * Each stored candidate also gets its probability after the chain and the processor that removed
 * it, and each expanded node the selector's state, on the first visit (samples share nodes).
 * The selectors' state starts afresh for every sample, as llama-server's does for every request.
 */
export async function sampling(
  ctx: DecodeContext,
  source: ChainSource,
  { seed, samples, selector }: SamplingParams,
): Promise<StrategyOutput> {
  const random = seededRandom(seed)
  // Only XTC draws from the chain's generator: its draw of each step is recorded, so that the step can be replayed.
  let chainDraw: number | undefined
  const chain = typeof source === 'function' ? source(() => (chainDraw = random())) : source
  const sorted = new Map<number, Candidates>()
  const sequences = []
  for (let s = 0; s < samples; s++) {
    let node = ctx.start
    // Kept up to date token by token, so that penalties do not rescan the context at every step.
    const history = new TokenHistory(ctx.context(node.id))
    let mu = selector?.kind === 'mirostat' ? mirostatStart(selector.tau) : 0
    let adaptive = selector?.kind === 'adaptiveP' ? adaptivePStart(selector.target, selector.decay) : null
    while (!ctx.isComplete(node)) {
      const { dist } = await ctx.expand(node.id)
      let own = sorted.get(node.id)
      if (!own) sorted.set(node.id, (own = sortedCandidates(dist)))
      if (own.ids.length === 0) throw noContinuation(ctx, node.id)
      const watch = Array.from(own.ids.subarray(0, Math.min(own.ids.length, ctx.options.topN)))
      chainDraw = undefined
      const step = processStep(chain, own, history, watch, selector, { mu, adaptive })
      for (const w of step.warnings) ctx.warnings.add(w)
      if (step.processed.ids.length === 0) throw nothingLeft(ctx, node.id, chain)
      if (chainDraw !== undefined) step.state.xtcDraw = chainDraw
      const { final } = step
      ctx.tree.recordProcessed(
        node.id,
        watch,
        processedProbs(final, watch),
        step.filteredBy,
        Object.keys(step.state).length ? step.state : undefined,
      )
      const kept = new Set(final.ids)
      for (let k = 0; k < watch.length; k++) {
        if (!kept.has(own.ids[k])) ctx.tree.mark(ctx.childAt(node.id, own, k).id, 'filtered')
      }
      const at = draw(final, random())
      const token = final.ids[at]
      if (selector?.kind === 'mirostat')
        mu = mirostatUpdate(mu, final.probs[at] / listedMass(final), selector.tau, selector.eta)
      else if (selector?.kind === 'adaptiveP' && adaptive && selector.target >= 0) {
        adaptive = adaptivePUpdate(adaptive, probabilityIn(step.processed, token), selector.decay)
      }
      node = ctx.childAt(node.id, own, own.ids.indexOf(token))
      history.push(token)
      ctx.tree.mark(node.id, 'kept')
      ctx.progress(node.depth, node.id)
    }
    ctx.tree.markPath(node.id, 'chosen')
    sequences.push(await ctx.sequence(node.id))
  }
  return { sequences }
}

/** What one step's chain and selector made of the model's candidates. */
export interface StepOutcome {
  /** After the chain. */
  processed: Candidates
  /** After the selector too (Mirostat's truncation, adaptive-p's transform): what is drawn from. */
  final: Candidates
  /** Per watched token: the first processor (or the selector) that removed it, or null. */
  filteredBy: (string | null)[]
  /** The sampler's state going into the step. */
  state: SamplerState
  warnings: string[]
}

/** The selectors' state going into a step. */
export interface SelectorState {
  mu: number
  adaptive: AdaptivePState | null
}

/**
 * One step of `sample`: the chain over the model's candidates (in ranking order), then the selector,
 * noting for each watched token who removed it. The step panel's order comparison replays a stored
 * step through this with another order.
 */
export function processStep(
  chain: readonly Processor[],
  own: Candidates,
  history: TokenHistory,
  watch: readonly TokenId[],
  selector: Selector | undefined,
  { mu, adaptive }: SelectorState,
): StepOutcome {
  const trace = traceChain(chain, own, history, watch)
  const processed = trace.out
  const warnings = [...(processed.warnings ?? [])]
  if (processed.cutBeyondKnown) {
    warnings.unshift(
      'a truncation cut fell beyond the tokens a partial distribution listed; it kept every listed token',
    )
  }
  const state: SamplerState = trace.appliedTemperature === undefined ? {} : { temperature: trace.appliedTemperature }
  let final: Candidates = processed
  if (processed.ids.length > 0 && selector?.kind === 'mirostat') {
    state.mirostatMu = mu
    final = mirostatCandidates(processed, mu, selector)
  } else if (processed.ids.length > 0 && selector?.kind === 'adaptiveP' && adaptive && selector.target >= 0) {
    state.adaptiveTarget = adaptedTarget(adaptive, selector.target)
    final = adaptivePCandidates(processed, adaptive, selector.target)
  }
  const filteredBy =
    final === processed ? trace.filteredBy : removedBy(trace.filteredBy, watch, final, selector?.kind ?? '')
  return { processed, final, filteredBy, state, warnings }
}

/** The chain's filteredBy, with the selector named for the tokens that only it removed. */
function removedBy(
  filteredBy: readonly (string | null)[],
  watch: readonly number[],
  final: Candidates,
  selector: string,
): (string | null)[] {
  const left = new Set(final.ids)
  return filteredBy.map((by, k) => by ?? (left.has(watch[k]) ? null : selector))
}

function listedMass(c: Candidates): number {
  let total = 0
  for (let i = 0; i < c.probs.length; i++) total += c.probs[i]
  return total
}

/** A token's probability among the listed candidates (adaptive-p's EMA reads it before the transform). */
function probabilityIn(c: Candidates, token: number): number {
  const i = c.ids.indexOf(token)
  return i < 0 ? 0 : c.probs[i] / listedMass(c)
}

function nothingLeft(ctx: DecodeContext, id: number, chain: readonly Processor[]): DecodeError {
  const prefix = ctx
    .context(id)
    .map((t) => ctx.model.tokenText(t))
    .join(' ')
  return new DecodeError(
    `the processors (${chain.map((p) => p.name).join(', ')}) left no token to sample after "${prefix}"`,
  )
}

/** Every parameter `sample` reads with its neutral value: the chain's and the selectors'. */
export const SAMPLE_NEUTRALS: Readonly<Record<string, number>> = {
  ...CHAIN_NEUTRALS,
  ...MIROSTAT_NEUTRAL,
  ...ADAPTIVE_P_NEUTRAL,
}

/**
 * The chain of `sample` for these parameters: in its recorded order (hf, or llama when DRY or XTC
 * is set, when it has none); with Mirostat, temperature alone, as llama.cpp builds it (common_sampler_init).
 */
export function sampleChain(p: Record<string, number | undefined>, env: ChainEnv = {}): Processor[] {
  if ((p.mirostat ?? 0) !== 0)
    return p.temperature !== undefined && p.temperature !== 1 ? [temperature(p.temperature)] : []
  return buildChain(p, p.order ?? defaultOrder(p), env)
}

/** The selector of `sample`'s parameters: Mirostat, adaptive-p, or none (a plain draw). */
export function selectorOf(p: Record<string, number | undefined>, vocabSize: number): Selector | undefined {
  const mirostat = p.mirostat ?? MIROSTAT_NEUTRAL.mirostat
  if (mirostat !== 0) {
    return {
      kind: 'mirostat',
      version: mirostat as 1 | 2,
      tau: p.mirostatTau ?? MIROSTAT_NEUTRAL.mirostatTau,
      eta: p.mirostatEta ?? MIROSTAT_NEUTRAL.mirostatEta,
      vocabSize,
    }
  }
  const target = p.adaptiveTarget ?? ADAPTIVE_P_NEUTRAL.adaptiveTarget
  return target >= 0
    ? { kind: 'adaptiveP', target, decay: p.adaptiveDecay ?? ADAPTIVE_P_NEUTRAL.adaptiveDecay }
    : undefined
}

/** `sample`: its chain with the run's generator and the model's DRY breakers, and its selector. */
async function sampleRun(
  ctx: DecodeContext,
  p: Record<string, number | undefined>,
  seed: number,
  samples: number,
  text: Readonly<Record<string, string>>,
): Promise<StrategyOutput> {
  const selector = selectorOf(p, ctx.model.vocabSize)
  if (selector?.kind === 'mirostat') {
    const ignored = activeProcessors(p).filter((k) => k !== 'temperature')
    if (ignored.length)
      ctx.warnings.add(`mirostat replaces the sampler chain, as in llama.cpp: ${ignored.join(', ')} had no effect`)
  }
  return sampling(ctx, await sampleChainSource(ctx.model, p, text), { seed, samples, selector })
}

/** `sample`'s whole chain over a model: its constraints first, then its processors with the model's DRY breakers. */
export async function sampleChainSource(
  model: LanguageModel,
  p: Record<string, number | undefined>,
  text: Readonly<Record<string, string>>,
): Promise<(random: () => number) => Processor[]> {
  const constraints = await constraintProcessors(model, text)
  const dryBreakers =
    (p.dryMultiplier ?? 0) > 0 && (p.mirostat ?? 0) === 0 ? await breakerSequences(model, DRY_SEQUENCE_BREAKERS) : []
  return (random) => [...constraints, ...sampleChain(p, { random, dryBreakers })]
}

/** DRY's breakers over the model's vocabulary; their tails are tokenized first, since a remote model tokenizes asynchronously. */
async function breakerSequences(model: LanguageModel, breakers: readonly string[]): Promise<TokenId[][]> {
  const tails = new Map<string, readonly TokenId[]>()
  for (const b of breakers) for (let i = 1; i < b.length; i++) tails.set(b.slice(i), [])
  for (const t of tails.keys()) tails.set(t, await model.tokenize(t))
  return dryBreakerSequences(breakers, {
    vocabSize: model.vocabSize,
    tokenText: (id) => model.tokenText(id),
    tokenize: (t) => tails.get(t) ?? [],
  })
}

/** `sample` chains whatever it is given, in its recorded order, then draws (or lets Mirostat or adaptive-p draw). */
export const sampleStrategy = defineStrategy({
  display: {
    zh: '随机采样',
    params: { ...PROCESSOR_NAMES_ZH, ...SEEDED_NAMES_ZH },
    textParams: { logitBias: '对数偏置', bannedStrings: '禁用字符串' },
  },
  summary:
    '`temperature` (1), `topK` (0 = off), `topP` (1), `minP` (0), `typicalP` (1), `epsilon` (0), `eta` (0), `topNSigma` (0), `repetitionPenalty` (1), `frequencyPenalty` (0), `presencePenalty` (0), `penaltyLastN` (-1 = whole context), `noRepeatNgram` (0), `dryMultiplier` (0 = off), `dryBase` (1.75), `dryAllowedLength` (2), `dryPenaltyLastN` (-1), `xtcProbability` (0 = off), `xtcThreshold` (0.1), `dynatempRange` (0 = off), `dynatempExponent` (1), `mirostat` (0 = off, 1, 2), `mirostatTau` (5), `mirostatEta` (0.1), `adaptiveTarget` (-1 = off), `adaptiveDecay` (0.9), `logitBias` (token=bias pairs such as `天=false,"Hello"=1.5`; `false` bans), `bannedStrings` (a JSON array of texts, never completed), `order` (`hf` \\| `llama` \\| `a>b>c`, recorded as a number code), `seed`, `samples`',
  schema: () => z.strictObject({ ...sampleProcessors(), order: order().optional(), seed: seed(), samples: samples() }),
  neutral: SAMPLE_NEUTRALS,
  textParams: CONSTRAINT_PARAMS,
  processors: (p) => sampleChain(p),
  // The chain is built again inside, with the run's generator (XTC), the model's DRY breakers and the constraints.
  run: (ctx, p, { textParams }) => sampleRun(ctx, p, seedOf(p), p.samples, textParams),
  presets: [{ temperature: 1, seed: 1 }],
})
