import type { z } from 'zod'
import { InputError } from './errors'
import { lazyRecord } from './lazy-record'
import { activeProcessors, buildChain, defaultOrder, formatOrder, HF_ORDER, isOrderCode, parseOrder } from './processors/order'
import { isStrategyName, STRATEGIES, STRATEGY_NAMES, strategyEntry, type StrategyName } from './strategies'
import type { TokenId } from './types'

export { MAX_SEED } from './strategies/params'
export { MAX_EXACT_BUDGET } from './strategies/exact'
export { isStrategyName, STRATEGY_NAMES, type StrategyName } from './strategies'

type Schemas = { readonly [K in StrategyName]: ReturnType<(typeof STRATEGIES)[K]['schema']> }

/** Every strategy's parameter schema, read from the registry (strategies/index.ts); each is built on first read. */
export const STRATEGY_PARAMS: Schemas = lazyRecord(
  Object.fromEntries(STRATEGY_NAMES.map((name) => [name, () => strategyEntry(name).schema()])) as { [K in StrategyName]: () => Schemas[K] },
)
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
    if (key === 'draft' && strategyEntry(name).takesDraft) {
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
      const allowed = [...(strategyEntry(name).takesDraft ? ['draft'] : []), ...Object.keys(STRATEGY_PARAMS[name].shape)]
      throw new InputError(
        `strategy "${label}": unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}; ${name} takes ${allowed.length ? allowed.join(', ') : 'no parameters'}`,
      )
    }
    const key = String(issue.path[0] ?? '')
    throw new InputError(`strategy "${label}": ${issue.message}, got ${key} = ${String(raw[key])}`)
  }
  const params = Object.fromEntries(Object.entries(parsed.data as Record<string, number | undefined>).filter(([, v]) => v !== undefined)) as Record<string, number>
  const entry = strategyEntry(name)
  const shape = entry.schema().shape
  if (Object.hasOwn(shape, 'order')) checkOrder(params, label)
  const problem = entry.check?.(params)
  if (problem !== undefined) throw new InputError(`strategy "${label}": ${problem}`)
  if (Object.hasOwn(shape, 'seed') && params.seed === undefined) params.seed = drawSeed()
  return draft === undefined ? { name, params } : { name, draft, params }
}

function splitDraft(name: StrategyName, given: Record<string, unknown>, label: string): { draft?: string; raw: Record<string, unknown> } {
  if (!strategyEntry(name).takesDraft) return { raw: given }
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

export function formatStrategy(spec: StrategySpec): string {
  const parts = Object.entries(spec.params).map(([k, v]) => `${k}=${k === 'order' && isOrderCode(v) ? formatOrder(v) : v}`)
  if (spec.draft !== undefined) parts.unshift(`draft=${spec.draft}`)
  return parts.length ? `${spec.name}:${parts.join(',')}` : spec.name
}
