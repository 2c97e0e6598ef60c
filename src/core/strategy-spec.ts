import type { z } from 'zod'
import { InputError } from './errors'
import { checkConstraints } from './processors/constraints'
import { lazyRecord } from './lazy-record'
import {
  activeProcessors,
  buildChain,
  defaultOrder,
  formatOrder,
  HF_ORDER,
  isOrderCode,
  parseOrder,
} from './processors/order'
import { isUtilityName, UTILITIES } from './select/utility'
import { answerRegex } from './select/vote'
import { splitSpecBody } from './spec-body'
import {
  isStrategyName,
  PICKABLE_STRATEGY_NAMES,
  STRATEGIES,
  STRATEGY_NAMES,
  strategyEntry,
  type StrategyName,
} from './strategies'
import type { TokenId } from './types'

export { MAX_SEED } from './strategies/params'
export { MAX_EXACT_BUDGET } from './strategies/exact'
export { isStrategyName, PICKABLE_STRATEGY_NAMES, STRATEGY_NAMES, type StrategyName } from './strategies'

type Schemas = { readonly [K in StrategyName]: ReturnType<(typeof STRATEGIES)[K]['schema']> }

/** Every strategy's parameter schema, read from the registry (strategies/index.ts); each is built on first read. */
export const STRATEGY_PARAMS: Schemas = lazyRecord(
  Object.fromEntries(STRATEGY_NAMES.map((name) => [name, () => strategyEntry(name).schema()])) as {
    [K in StrategyName]: () => Schemas[K]
  },
)

/** The sampling strategies a proposal may be. */
export const PROPOSALS: readonly StrategyName[] = ['nucleus', 'topk', 'minp', 'typical', 'sample']

/** The spec key that names a strategy's second model, if it takes one. */
function modelKeyOf(name: StrategyName): string | undefined {
  const entry = strategyEntry(name)
  return entry.takesDraft ? (entry.modelKey ?? 'draft') : undefined
}

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

/** Parses `NAME[:key=value,…]`, e.g. `nucleus:p=0.9,seed=7`; `order` also takes hf, llama or a>b>c. */
export function parseStrategySpec(text: string, drawSeed: () => number): StrategySpec {
  const colon = text.indexOf(':')
  const name = (colon < 0 ? text : text.slice(0, colon)).trim()
  if (!isStrategyName(name)) {
    throw new InputError(`unknown strategy "${name}" in "${text}"; use one of ${PICKABLE_STRATEGY_NAMES.join(', ')}`)
  }
  // Keys come from the user: on a plain object `__proto__=1` would set the prototype and vanish.
  const raw: Record<string, number | string> = Object.create(null)
  const body = colon < 0 ? '' : text.slice(colon + 1).trim()
  const textKeys = strategyEntry(name).textParams ?? {}
  const own = new Set([
    ...Object.keys(STRATEGY_PARAMS[name].shape),
    ...Object.keys(textKeys),
    ...(modelKeyOf(name) ? [modelKeyOf(name)!] : []),
  ])
  for (const { key, value, text: part } of splitSpecBody(body, own)) {
    if (key === '') throw new InputError(`strategy "${text}": "${part}" is not key=value`)
    if (Object.hasOwn(raw, key)) throw new InputError(`strategy "${text}": ${key} is given twice`)
    if (key === modelKeyOf(name) || Object.hasOwn(textKeys, key)) {
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
    if (value === '' || !Number.isFinite(num))
      throw new InputError(`strategy "${text}": ${key} must be a number, got "${value}"`)
    raw[key] = num
  }
  return validateStrategy(name, raw, drawSeed, text)
}

/**
 * Validates parameters (from a spec, the app or an import) and fills in defaults, and a seed when
 * `drawSeed` is given (without it a seeded strategy's seed stays unset: see `withSeed`).
 * speculative also takes `draft`, the draft model's id or path, the one value that is not a number.
 */
export function validateStrategy(
  name: StrategyName,
  given: Record<string, unknown>,
  drawSeed?: () => number,
  label: string = name,
): StrategySpec {
  const { draft, raw: numeric } = splitDraft(name, given, label)
  const { textParams, raw } = splitText(name, numeric, label)
  const parsed = STRATEGY_PARAMS[name].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    if (issue.code === 'unrecognized_keys') {
      const allowed = [
        ...(modelKeyOf(name) ? [modelKeyOf(name)!] : []),
        ...Object.keys(STRATEGY_PARAMS[name].shape),
        ...Object.keys(strategyEntry(name).textParams ?? {}),
      ]
      throw new InputError(
        `strategy "${label}": unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}; ${name} takes ${allowed.length ? allowed.join(', ') : 'no parameters'}`,
      )
    }
    const key = String(issue.path[0] ?? '')
    // NaN and ±Infinity are not numbers to zod; its own wording ("expected number") is not the app's.
    if (issue.code === 'invalid_type' && typeof raw[key] === 'number' && !Number.isFinite(raw[key]))
      throw new InputError(`strategy "${label}": ${key} must be a finite number, got ${key} = ${String(raw[key])}`)
    throw new InputError(`strategy "${label}": ${issue.message}, got ${key} = ${String(raw[key])}`)
  }
  const params = Object.fromEntries(
    Object.entries(parsed.data as Record<string, number | undefined>).filter(([, v]) => v !== undefined),
  ) as Record<string, number>
  const entry = strategyEntry(name)
  const shape = entry.schema().shape
  if (Object.hasOwn(shape, 'order')) checkOrder(params, label)
  const problem = entry.check?.(params)
  if (problem !== undefined) throw new InputError(`strategy "${label}": ${problem}`)
  if (drawSeed && Object.hasOwn(shape, 'seed') && params.seed === undefined) params.seed = drawSeed()
  return {
    name,
    ...(draft === undefined ? {} : { draft }),
    params,
    ...(textParams && Object.keys(textParams).length > 0 ? { textParams } : {}),
  }
}

/** A validated spec with its seed drawn, when its strategy is seeded and none was given. */
export function withSeed<S extends StrategySpec>(spec: S, drawSeed: () => number): S {
  const shape = strategyEntry(spec.name).schema().shape
  if (!Object.hasOwn(shape, 'seed') || spec.params.seed !== undefined) return spec
  // In the schema's order, as validateStrategy writes them: the stored spec reads nucleus:p=…,seed=…,samples=….
  const params: Record<string, number> = { ...spec.params, seed: drawSeed() }
  const ordered = Object.keys(shape).filter((k) => params[k] !== undefined)
  return { ...spec, params: Object.fromEntries(ordered.map((k) => [k, params[k]])) }
}

/**
 * The text parameters of mbr and vote, checked and with their defaults: the proposal a sampling spec
 * without seed or samples (the outer strategy's drive it), written back with its own defaults filled
 * in; utility bleu or chrf; answerPattern a regex with a capture group.
 */
function splitText(
  name: StrategyName,
  given: Record<string, unknown>,
  label: string,
): { textParams?: Record<string, string>; raw: Record<string, unknown> } {
  const keys = strategyEntry(name).textParams
  if (!keys) return { raw: given }
  const raw: Record<string, unknown> = {}
  const textParams: Record<string, string> = {}
  for (const [k, v] of Object.entries(given)) {
    if (!Object.hasOwn(keys, k)) raw[k] = v
    else if (typeof v !== 'string') throw new InputError(`strategy "${label}": ${k} must be text, got ${String(v)}`)
    else textParams[k] = v
  }
  for (const [k, fallback] of Object.entries(keys))
    if (textParams[k] === undefined && fallback !== undefined) textParams[k] = fallback
  if (textParams.proposal !== undefined) textParams.proposal = checkProposal(textParams.proposal, name, label)
  if (textParams.utility !== undefined && !isUtilityName(textParams.utility)) {
    throw new InputError(
      `strategy "${label}": utility must be one of ${UTILITIES.join(', ')}, got "${textParams.utility}"`,
    )
  }
  try {
    checkConstraints(textParams)
  } catch (err) {
    throw new InputError(`strategy "${label}": ${(err as Error).message}`)
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
  if (!PROPOSALS.includes(spec.name))
    throw new InputError(
      `strategy "${label}": the proposal must be a sampling strategy (${PROPOSALS.join(', ')}), got ${spec.name}`,
    )
  const given = new Set(
    text.includes(':')
      ? text
          .slice(text.indexOf(':') + 1)
          .split(',')
          .map((p) => p.split('=')[0].trim())
      : [],
  )
  for (const k of ['seed', 'samples']) {
    if (given.has(k))
      throw new InputError(`strategy "${label}": give ${k} on ${outer} itself, not on its proposal (${outer}:${k}=…)`)
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

function splitDraft(
  name: StrategyName,
  given: Record<string, unknown>,
  label: string,
): { draft?: string; raw: Record<string, unknown> } {
  const key = modelKeyOf(name)
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
  if (params.order === undefined && (activeProcessors(params).length >= 2 || defaultOrder(params) !== HF_ORDER))
    params.order = defaultOrder(params)
  try {
    if (params.order !== undefined) buildChain(params, params.order)
  } catch (err) {
    throw new InputError(`strategy "${label}": ${(err as Error).message}`)
  }
}

export function formatStrategy(spec: StrategySpec): string {
  const parts = Object.entries(spec.params).map(
    ([k, v]) => `${k}=${k === 'order' && isOrderCode(v) ? formatOrder(v) : v}`,
  )
  if (spec.draft !== undefined) parts.unshift(`${modelKeyOf(spec.name) ?? 'draft'}=${spec.draft}`)
  // answerPattern takes the rest of a spec, so it goes last.
  const omitted = isStrategyName(spec.name) ? (strategyEntry(spec.name).labelOmits ?? []) : []
  const text = Object.entries(spec.textParams ?? {})
    .filter(([k]) => !omitted.includes(k))
    .sort(([a], [b]) => Number(a === 'answerPattern') - Number(b === 'answerPattern'))
  for (const [k, v] of text) parts.push(`${k}=${v}`)
  return parts.length ? `${spec.name}:${parts.join(',')}` : spec.name
}

/** A spec's parameters as stored in one JSON record: the numbers and the text parameters together. */
export function storedParams(spec: StrategySpec): Record<string, number | string> {
  return { ...spec.params, ...spec.textParams }
}

/** The inverse of storedParams: the text parameters of the strategy apart from the numbers. */
export function splitStoredParams(
  name: StrategyName,
  stored: Record<string, number | string>,
): Pick<StrategySpec, 'params' | 'textParams'> {
  // A stored run may name a strategy this version no longer has.
  const keys = isStrategyName(name) ? strategyEntry(name).textParams : undefined
  if (!keys) return { params: stored as Record<string, number> }
  const params: Record<string, number> = {}
  const textParams: Record<string, string> = {}
  for (const [k, v] of Object.entries(stored)) {
    if (Object.hasOwn(keys, k) && typeof v === 'string') textParams[k] = v
    else params[k] = v as number
  }
  return { params, textParams }
}
