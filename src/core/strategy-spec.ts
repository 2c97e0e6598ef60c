import { z } from 'zod'
import { InputError } from './errors'
import { lazyRecord, once } from './lazy-record'
import { activeProcessors, buildChain, decodeOrder, defaultOrder, formatOrder, HF_ORDER, parseOrder } from './processors/order'
import type { TokenId } from './types'

/** Seeds are integers in [0, 2^32). */
export const MAX_SEED = 2 ** 32 - 1
/** exact's budget at most: past it the hypotheses alone would take gigabytes (the search also stops on memory). */
export const MAX_EXACT_BUDGET = 10_000_000

const seed = z.number().int('seed must be a whole number').min(0, 'seed must be >= 0').max(MAX_SEED, `seed must be <= ${MAX_SEED}`).optional()
const temperature = z.number().gt(0, 'temperature must be > 0').finite('temperature must be finite').default(1)
const samples = z.number().int('samples must be a whole number').min(1, 'samples must be >= 1').max(100000, 'samples must be <= 100000').default(1)

const unit = (name: string, range: string, lower: 'gt' | 'gte', upper: 'lt' | 'lte') =>
  z.number()[lower](0, `${name} must be in ${range}`)[upper](1, `${name} must be in ${range}`)
const wholeAtLeast = (name: string, min: number, max: number) =>
  z.number().int(`${name} must be a whole number`).min(min, `${name} must be >= ${min}`).max(max, `${name} must be <= ${max}`)
const penalty = (name: string) => z.number().min(-2, `${name} must be in [-2, 2]`).max(2, `${name} must be in [-2, 2]`)
const order = once(() => z.number().refine(isOrderCode, 'order must be hf, llama or a list such as temperature>topK>topP'))

/**
 * Every processor `sample` can chain. Each is optional and off when absent; the comment gives its
 * neutral value. Only temperature has a default, so that a plain `sample` records what it always did.
 */
const sampleProcessors = once(() => ({
  temperature,
  topK: wholeAtLeast('topK', 0, 1_000_000).optional(), // 0 = disabled
  topP: unit('topP', '(0, 1]', 'gt', 'lte').optional(), // 1 = disabled
  minP: unit('minP', '[0, 1]', 'gte', 'lte').optional(), // 0 = disabled
  typicalP: unit('typicalP', '(0, 1]', 'gt', 'lte').optional(), // 1 = disabled
  epsilon: unit('epsilon', '[0, 1)', 'gte', 'lt').optional(), // 0 = disabled
  eta: unit('eta', '[0, 1)', 'gte', 'lt').optional(), // 0 = disabled
  topNSigma: z.number().min(0, 'topNSigma must be >= 0').finite('topNSigma must be finite').optional(), // 0 = disabled
  repetitionPenalty: z.number().gt(0, 'repetitionPenalty must be > 0').finite('repetitionPenalty must be finite').optional(), // 1 = disabled
  frequencyPenalty: penalty('frequencyPenalty').optional(), // 0 = disabled
  presencePenalty: penalty('presencePenalty').optional(), // 0 = disabled
  noRepeatNgram: wholeAtLeast('noRepeatNgram', 0, 1024).optional(), // 0 = disabled
  // llama.cpp's samplers, named after llama-server's parameters.
  penaltyLastN: wholeAtLeast('penaltyLastN', -1, 1 << 30).optional(), // -1 = the whole context (repeat_last_n)
  dryMultiplier: z.number().min(0, 'dryMultiplier must be >= 0').finite('dryMultiplier must be finite').optional(), // 0 = disabled
  dryBase: z.number().min(1, 'dryBase must be >= 1').finite('dryBase must be finite').optional(), // 1.75
  dryAllowedLength: wholeAtLeast('dryAllowedLength', 0, 1 << 30).optional(), // 2
  dryPenaltyLastN: wholeAtLeast('dryPenaltyLastN', -1, 1 << 30).optional(), // -1 = the whole context
  xtcProbability: unit('xtcProbability', '[0, 1]', 'gte', 'lte').optional(), // 0 = disabled
  xtcThreshold: unit('xtcThreshold', '[0, 1]', 'gte', 'lte').optional(), // 0.1; above 0.5 disables XTC
  dynatempRange: z.number().min(0, 'dynatempRange must be >= 0').finite('dynatempRange must be finite').optional(), // 0 = disabled
  dynatempExponent: z.number().min(0, 'dynatempExponent must be >= 0').finite('dynatempExponent must be finite').optional(), // 1
  mirostat: wholeAtLeast('mirostat', 0, 2).optional(), // 0 = disabled, 1 = Mirostat, 2 = Mirostat 2.0
  mirostatTau: z.number().min(0, 'mirostatTau must be >= 0').finite('mirostatTau must be finite').optional(), // 5
  mirostatEta: z.number().min(0, 'mirostatEta must be >= 0').finite('mirostatEta must be finite').optional(), // 0.1
  adaptiveTarget: z.number().max(1, 'adaptiveTarget must be <= 1 (negative disables it)').finite('adaptiveTarget must be finite').optional(), // -1 = disabled
  adaptiveDecay: z.number().min(0, 'adaptiveDecay must be in [0, 0.99]').max(0.99, 'adaptiveDecay must be in [0, 0.99]').optional(), // 0.9
}))

/**
 * The processors speculative sampling can apply to both models: not XTC, Mirostat or adaptive-p,
 * which draw or carry state step by step and so have no meaning for a draft checked in one call.
 */
const statelessProcessors = once(() => {
  const { xtcProbability, xtcThreshold, mirostat, mirostatTau, mirostatEta, adaptiveTarget, adaptiveDecay, ...rest } = sampleProcessors()
  void [xtcProbability, xtcThreshold, mirostat, mirostatTau, mirostatEta, adaptiveTarget, adaptiveDecay]
  return rest
})

/** Every strategy with its parameters and their defaults (each schema built on first use: lazy-record.ts). */
export const STRATEGY_PARAMS = lazyRecord({
  greedy: () => z.strictObject({}),
  beam: () => z.strictObject({
    width: z.number().int('width must be a whole number').min(1, 'width must be >= 1').max(1024, 'width must be <= 1024').default(4),
    lengthPenalty: z.number().finite('lengthPenalty must be finite').default(0),
    // Diverse beam search (Vijayakumar et al. 2018, Hugging Face's num_beam_groups): 1 = plain beam.
    groups: wholeAtLeast('groups', 1, 1024).optional(),
    diversityPenalty: z.number().min(0, 'diversityPenalty must be >= 0').finite('diversityPenalty must be finite').optional(), // 0 = none
  }),
  nucleus: () => z.strictObject({
    p: z.number().gt(0, 'p must be in (0, 1]').lte(1, 'p must be in (0, 1]').default(0.9),
    temperature,
    seed,
    samples,
  }),
  topk: () => z.strictObject({
    k: z.number().int('k must be a whole number').min(1, 'k must be >= 1').default(40),
    temperature,
    seed,
    samples,
  }),
  sample: () => z.strictObject({ ...sampleProcessors(), order: order().optional(), seed, samples }),
  minp: () => z.strictObject({
    p: z.number().gt(0, 'p must be in (0, 1]').lte(1, 'p must be in (0, 1]').default(0.05),
    temperature,
    seed,
    samples,
  }),
  typical: () => z.strictObject({
    p: z.number().gt(0, 'p must be in (0, 1]').lte(1, 'p must be in (0, 1]').default(0.95),
    temperature,
    seed,
    samples,
  }),
  exact: () => z.strictObject({
    budget: wholeAtLeast('budget', 1, MAX_EXACT_BUDGET).default(1_000_000),
  }),
  // Speculative sampling: the draft model (StrategySpec.draft) proposes `lookahead` tokens per round,
  // the target checks them in one call. The processors, when given, reshape both models' distributions.
  speculative: () => z.strictObject({
    lookahead: wholeAtLeast('lookahead', 1, 64).default(4),
    ...statelessProcessors(),
    order: order().optional(),
    seed,
    samples,
  }),
})

export type StrategyName = keyof typeof STRATEGY_PARAMS
export type StrategyParams<N extends StrategyName> = z.output<(typeof STRATEGY_PARAMS)[N]>

export interface StrategySpec {
  name: StrategyName
  /** Every parameter with its default filled in; sampling strategies always carry a seed. */
  params: Record<string, number>
  /** speculative only: the draft model, as an id or a path (`--model` takes the same). */
  draft?: string
  /**
   * Tokens forced after the prompt before the strategy takes over (`--force`, or a click in the
   * tree); they are marked in the tree and count in the sequences' probabilities.
   */
  forced?: TokenId[]
}

export const STRATEGY_NAMES = Object.keys(STRATEGY_PARAMS) as StrategyName[]
const SAMPLING = new Set<StrategyName>(['nucleus', 'topk', 'sample', 'minp', 'typical', 'speculative'])
/** Strategies whose processors are chained from their parameters in a recorded order. */
const CHAINED = new Set<StrategyName>(['sample', 'speculative'])

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGY_PARAMS, name)
}

function isOrderCode(code: number): boolean {
  try {
    decodeOrder(code)
    return true
  } catch {
    return false
  }
}

/** Parses `NAME[:key=value,…]`, e.g. `nucleus:p=0.9,seed=7`; `order` also takes hf, llama or a>b>c. */
export function parseStrategySpec(text: string, drawSeed: () => number): StrategySpec {
  const colon = text.indexOf(':')
  const name = (colon < 0 ? text : text.slice(0, colon)).trim()
  if (!isStrategyName(name)) {
    throw new InputError(`unknown strategy "${name}" in "${text}"; use one of ${STRATEGY_NAMES.join(', ')}`)
  }
  // Keys come from the user: on a plain object `__proto__=1` would set the prototype and vanish.
  const raw: Record<string, number | string> = Object.create(null)
  const body = colon < 0 ? '' : text.slice(colon + 1).trim()
  for (const part of body === '' ? [] : body.split(',')) {
    const eq = part.indexOf('=')
    const key = (eq < 0 ? part : part.slice(0, eq)).trim()
    const value = eq < 0 ? '' : part.slice(eq + 1).trim()
    if (eq < 0 || key === '') throw new InputError(`strategy "${text}": "${part}" is not key=value`)
    if (Object.hasOwn(raw, key)) throw new InputError(`strategy "${text}": ${key} is given twice`)
    if (key === 'draft' && name === 'speculative') {
      raw[key] = value
      continue
    }
    if (key === 'order' && value !== '' && !Number.isFinite(Number(value))) {
      try {
        raw[key] = parseOrder(value)
      } catch (err) {
        throw new InputError(`strategy "${text}": ${(err as Error).message}`)
      }
      continue
    }
    const num = Number(value)
    if (value === '' || !Number.isFinite(num)) throw new InputError(`strategy "${text}": ${key} must be a number, got "${value}"`)
    raw[key] = num
  }
  return validateStrategy(name, raw, drawSeed, text)
}

/**
 * Validates parameters (from a spec, the app or an import) and fills in defaults and a seed.
 * speculative also takes `draft`, the draft model's id or path, the one value that is not a number.
 */
export function validateStrategy(name: StrategyName, given: Record<string, unknown>, drawSeed: () => number, label: string = name): StrategySpec {
  const { draft, raw } = splitDraft(name, given, label)
  const parsed = STRATEGY_PARAMS[name].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    if (issue.code === 'unrecognized_keys') {
      const allowed = [...(name === 'speculative' ? ['draft'] : []), ...Object.keys(STRATEGY_PARAMS[name].shape)]
      throw new InputError(
        `strategy "${label}": unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}; ${name} takes ${allowed.length ? allowed.join(', ') : 'no parameters'}`,
      )
    }
    const key = String(issue.path[0] ?? '')
    throw new InputError(`strategy "${label}": ${issue.message}, got ${key} = ${String(raw[key])}`)
  }
  const params = Object.fromEntries(Object.entries(parsed.data as Record<string, number | undefined>).filter(([, v]) => v !== undefined)) as Record<string, number>
  if (CHAINED.has(name)) checkOrder(params, label)
  if (name === 'beam') checkGroups(params, label)
  if (SAMPLING.has(name) && params.seed === undefined) params.seed = drawSeed()
  return draft === undefined ? { name, params } : { name, draft, params }
}

function splitDraft(name: StrategyName, given: Record<string, unknown>, label: string): { draft?: string; raw: Record<string, unknown> } {
  if (name !== 'speculative') return { raw: given }
  const { draft, ...raw } = given
  if (typeof draft !== 'string' || draft.trim() === '') {
    throw new InputError(`strategy "${label}": speculative needs a draft model, e.g. speculative:draft=seed-weather,lookahead=4`)
  }
  return { draft: draft.trim(), raw }
}

/**
 * Two or more processors make their order matter: the run records it (hf unless given), so that
 * it stays reproducible whatever the default becomes.
 */
function checkOrder(params: Record<string, number>, label: string): void {
  if (params.order === undefined && (activeProcessors(params).length >= 2 || defaultOrder(params) !== HF_ORDER)) params.order = defaultOrder(params)
  try {
    if (params.order !== undefined) buildChain(params, params.order)
  } catch (err) {
    throw new InputError(`strategy "${label}": ${(err as Error).message}`)
  }
}

function checkGroups(params: Record<string, number>, label: string): void {
  const groups = params.groups ?? 1
  if (params.width % groups !== 0) {
    throw new InputError(`strategy "${label}": groups must divide width (${params.width}) into groups of equal size, got groups = ${groups}`)
  }
  if (params.diversityPenalty !== undefined && params.diversityPenalty > 0 && groups < 2) {
    throw new InputError(`strategy "${label}": diversityPenalty needs groups >= 2 (it penalises tokens earlier groups chose), got groups = ${groups}`)
  }
}

export function formatStrategy(spec: StrategySpec): string {
  const parts = Object.entries(spec.params).map(([k, v]) => `${k}=${k === 'order' && isOrderCode(v) ? formatOrder(v) : v}`)
  if (spec.draft !== undefined) parts.unshift(`draft=${spec.draft}`)
  return parts.length ? `${spec.name}:${parts.join(',')}` : spec.name
}
