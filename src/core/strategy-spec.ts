import { z } from 'zod'
import { InputError } from './errors'
import { lazyRecord, once } from './lazy-record'
import { activeProcessors, buildChain, decodeOrder, formatOrder, HF_ORDER, parseOrder } from './processors/order'
import { isUtilityName, UTILITIES } from './select/utility'
import { answerRegex } from './select/vote'
import { splitSpecBody } from './spec-body'
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
}))

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
    ...sampleProcessors(),
    order: order().optional(),
    seed,
    samples,
  }),
  // Sample-then-select: `samples` draws from the proposal (StrategySpec.textParams.proposal, a
  // sampling spec), one seeded generator for all. mbr ranks them by expected utility, vote by answer.
  mbr: () => z.strictObject({ samples: wholeAtLeast('samples', 1, 10_000).default(16), seed }),
  vote: () => z.strictObject({ samples: wholeAtLeast('samples', 1, 100_000).default(16), seed }),
  // Contrastive decoding against an amateur model (StrategySpec.draft, given as amateur=MODEL).
  contrastive: () => z.strictObject({
    alpha: z.number().min(0, 'alpha must be in [0, 1]').max(1, 'alpha must be in [0, 1]').default(0.1), // 0 = every token plausible
    width: wholeAtLeast('width', 1, 1024).default(1), // 1 = the best score at each step
  }),
})

/** Parameters whose values are text, per strategy, with their defaults (undefined: optional, none). */
export const TEXT_PARAMS: Partial<Record<StrategyName, Record<string, string | undefined>>> = {
  mbr: { proposal: 'nucleus:p=0.9', utility: 'chrf' },
  vote: { proposal: 'nucleus:p=0.9', answerPattern: undefined },
}
/** The sampling strategies a proposal may be. */
export const PROPOSALS: readonly StrategyName[] = ['nucleus', 'topk', 'minp', 'typical', 'sample']
/** The strategy that takes a second model, and the key that names it. */
const MODEL_KEY: Partial<Record<StrategyName, string>> = { speculative: 'draft', contrastive: 'amateur' }

export type StrategyName = keyof typeof STRATEGY_PARAMS
export type StrategyParams<N extends StrategyName> = z.output<(typeof STRATEGY_PARAMS)[N]>

export interface StrategySpec {
  name: StrategyName
  /** Every parameter with its default filled in; sampling strategies always carry a seed. */
  params: Record<string, number>
  /** speculative: the draft model; contrastive: the amateur; as an id or a path (`--model` takes the same). */
  draft?: string
  /** mbr, vote: the parameters whose values are text (proposal, utility, answerPattern), defaults filled in. */
  textParams?: Record<string, string>
  /**
   * Tokens forced after the prompt before the strategy takes over (`--force`, or a click in the
   * tree); they are marked in the tree and count in the sequences' probabilities.
   */
  forced?: TokenId[]
}

export const STRATEGY_NAMES = Object.keys(STRATEGY_PARAMS) as StrategyName[]
const SAMPLING = new Set<StrategyName>(['nucleus', 'topk', 'sample', 'minp', 'typical', 'speculative', 'mbr', 'vote'])
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
  const textKeys = TEXT_PARAMS[name] ?? {}
  const own = new Set([...Object.keys(STRATEGY_PARAMS[name].shape), ...Object.keys(textKeys), ...(MODEL_KEY[name] ? [MODEL_KEY[name]] : [])])
  for (const { key, value, text: part } of splitSpecBody(body, own)) {
    if (key === '') throw new InputError(`strategy "${text}": "${part}" is not key=value`)
    if (Object.hasOwn(raw, key)) throw new InputError(`strategy "${text}": ${key} is given twice`)
    if (key === MODEL_KEY[name] || Object.hasOwn(textKeys, key)) {
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
  const { draft, raw: numeric } = splitDraft(name, given, label)
  const { textParams, raw } = splitText(name, numeric, label)
  const parsed = STRATEGY_PARAMS[name].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    if (issue.code === 'unrecognized_keys') {
      const allowed = [...(MODEL_KEY[name] ? [MODEL_KEY[name]] : []), ...Object.keys(STRATEGY_PARAMS[name].shape), ...Object.keys(TEXT_PARAMS[name] ?? {})]
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
  return { name, ...(draft === undefined ? {} : { draft }), params, ...(textParams ? { textParams } : {}) }
}

/**
 * The text parameters of mbr and vote, checked and with their defaults: the proposal a sampling spec
 * without seed or samples (the outer strategy's drive it), written back with its own defaults filled
 * in; utility bleu or chrf; answerPattern a regex with a capture group.
 */
function splitText(name: StrategyName, given: Record<string, unknown>, label: string): { textParams?: Record<string, string>; raw: Record<string, unknown> } {
  const keys = TEXT_PARAMS[name]
  if (!keys) return { raw: given }
  const raw: Record<string, unknown> = {}
  const textParams: Record<string, string> = {}
  for (const [k, v] of Object.entries(given)) {
    if (!Object.hasOwn(keys, k)) raw[k] = v
    else if (typeof v !== 'string') throw new InputError(`strategy "${label}": ${k} must be text, got ${String(v)}`)
    else textParams[k] = v
  }
  for (const [k, fallback] of Object.entries(keys)) if (textParams[k] === undefined && fallback !== undefined) textParams[k] = fallback
  if (textParams.proposal !== undefined) textParams.proposal = checkProposal(textParams.proposal, name, label)
  if (textParams.utility !== undefined && !isUtilityName(textParams.utility)) {
    throw new InputError(`strategy "${label}": utility must be one of ${UTILITIES.join(', ')}, got "${textParams.utility}"`)
  }
  if (textParams.answerPattern !== undefined) {
    try {
      answerRegex(textParams.answerPattern)
    } catch (err) {
      throw new InputError(`strategy "${label}": ${(err as Error).message}`)
    }
  }
  return { textParams, raw }
}

function checkProposal(text: string, outer: StrategyName, label: string): string {
  let spec: StrategySpec
  try {
    spec = parseStrategySpec(text, () => 0)
  } catch (err) {
    throw new InputError(`strategy "${label}": its proposal: ${(err as Error).message}`)
  }
  if (!PROPOSALS.includes(spec.name)) throw new InputError(`strategy "${label}": the proposal must be a sampling strategy (${PROPOSALS.join(', ')}), got ${spec.name}`)
  const given = new Set(text.includes(':') ? text.slice(text.indexOf(':') + 1).split(',').map((p) => p.split('=')[0].trim()) : [])
  for (const k of ['seed', 'samples']) {
    if (given.has(k)) throw new InputError(`strategy "${label}": give ${k} on ${outer} itself, not on its proposal (${outer}:${k}=…)`)
  }
  const { seed: _seed, samples: _samples, ...params } = spec.params
  void _seed
  void _samples
  return formatStrategy({ name: spec.name, params })
}

/** The proposal spec of an mbr or vote spec, ready to build its processors. */
export function proposalOf(spec: StrategySpec): StrategySpec {
  const text = spec.textParams?.proposal
  if (text === undefined) throw new InputError(`strategy ${spec.name} has no proposal`)
  return parseStrategySpec(text, () => 0)
}

function splitDraft(name: StrategyName, given: Record<string, unknown>, label: string): { draft?: string; raw: Record<string, unknown> } {
  const key = MODEL_KEY[name]
  if (key === undefined) return { raw: given }
  // The app and stored runs give the second model as `draft` whatever the strategy calls it.
  const { [key]: named, draft: stored, ...raw } = given
  const draft = named ?? stored
  if (typeof draft !== 'string' || draft.trim() === '') {
    throw new InputError(
      name === 'speculative'
        ? `strategy "${label}": speculative needs a draft model, e.g. speculative:draft=seed-weather,lookahead=4`
        : `strategy "${label}": contrastive needs an amateur model sharing the vocabulary, e.g. contrastive:amateur=MODEL,alpha=0.1`,
    )
  }
  return { draft: draft.trim(), raw }
}

/**
 * Two or more processors make their order matter: the run records it (hf unless given), so that
 * it stays reproducible whatever the default becomes.
 */
function checkOrder(params: Record<string, number>, label: string): void {
  if (params.order === undefined && activeProcessors(params).length >= 2) params.order = HF_ORDER
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
  if (spec.draft !== undefined) parts.unshift(`${MODEL_KEY[spec.name] ?? 'draft'}=${spec.draft}`)
  // answerPattern takes the rest of a spec, so it goes last.
  const text = Object.entries(spec.textParams ?? {}).sort(([a], [b]) => Number(a === 'answerPattern') - Number(b === 'answerPattern'))
  for (const [k, v] of text) parts.push(`${k}=${v}`)
  return parts.length ? `${spec.name}:${parts.join(',')}` : spec.name
}

/** A spec's parameters as stored in one JSON record: the numbers and the text parameters together. */
export function storedParams(spec: StrategySpec): Record<string, number | string> {
  return { ...spec.params, ...spec.textParams }
}

/** The inverse of storedParams: the text parameters of the strategy apart from the numbers. */
export function splitStoredParams(name: StrategyName, stored: Record<string, number | string>): Pick<StrategySpec, 'params' | 'textParams'> {
  const keys = TEXT_PARAMS[name]
  if (!keys) return { params: stored as Record<string, number> }
  const params: Record<string, number> = {}
  const textParams: Record<string, string> = {}
  for (const [k, v] of Object.entries(stored)) {
    if (Object.hasOwn(keys, k) && typeof v === 'string') textParams[k] = v
    else params[k] = v as number
  }
  return { params, textParams }
}
