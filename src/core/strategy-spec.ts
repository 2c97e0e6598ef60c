import { z } from 'zod'
import { InputError } from './errors'

/** Seeds are integers in [0, 2^32). */
export const MAX_SEED = 2 ** 32 - 1

const seed = z.number().int('seed must be a whole number').min(0, 'seed must be >= 0').max(MAX_SEED, `seed must be <= ${MAX_SEED}`).optional()
const temperature = z.number().gt(0, 'temperature must be > 0').finite('temperature must be finite').default(1)
const samples = z.number().int('samples must be a whole number').min(1, 'samples must be >= 1').max(100000, 'samples must be <= 100000').default(1)

/** Every strategy with its parameters and their defaults. */
export const STRATEGY_PARAMS = {
  greedy: z.strictObject({}),
  beam: z.strictObject({
    width: z.number().int('width must be a whole number').min(1, 'width must be >= 1').max(1024, 'width must be <= 1024').default(4),
    lengthPenalty: z.number().finite('lengthPenalty must be finite').default(0),
  }),
  nucleus: z.strictObject({
    p: z.number().gt(0, 'p must be in (0, 1]').lte(1, 'p must be in (0, 1]').default(0.9),
    temperature,
    seed,
    samples,
  }),
  topk: z.strictObject({
    k: z.number().int('k must be a whole number').min(1, 'k must be >= 1').default(40),
    temperature,
    seed,
    samples,
  }),
  sample: z.strictObject({ temperature, seed, samples }),
  exact: z.strictObject({
    budget: z.number().int('budget must be a whole number').min(1, 'budget must be >= 1').default(1_000_000),
  }),
} as const

export type StrategyName = keyof typeof STRATEGY_PARAMS
export type StrategyParams<N extends StrategyName> = z.output<(typeof STRATEGY_PARAMS)[N]>

export interface StrategySpec {
  name: StrategyName
  /** Every parameter with its default filled in; sampling strategies always carry a seed. */
  params: Record<string, number>
}

export const STRATEGY_NAMES = Object.keys(STRATEGY_PARAMS) as StrategyName[]
const SAMPLING = new Set<StrategyName>(['nucleus', 'topk', 'sample'])

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGY_PARAMS, name)
}

/** Parses `NAME[:key=value,…]`, e.g. `nucleus:p=0.9,seed=7`. */
export function parseStrategySpec(text: string, drawSeed: () => number): StrategySpec {
  const colon = text.indexOf(':')
  const name = (colon < 0 ? text : text.slice(0, colon)).trim()
  if (!isStrategyName(name)) {
    throw new InputError(`unknown strategy "${name}" in "${text}"; use one of ${STRATEGY_NAMES.join(', ')}`)
  }
  const raw: Record<string, number> = {}
  const body = colon < 0 ? '' : text.slice(colon + 1).trim()
  for (const part of body === '' ? [] : body.split(',')) {
    const eq = part.indexOf('=')
    const key = (eq < 0 ? part : part.slice(0, eq)).trim()
    const value = eq < 0 ? '' : part.slice(eq + 1).trim()
    if (eq < 0 || key === '') throw new InputError(`strategy "${text}": "${part}" is not key=value`)
    const num = Number(value)
    if (value === '' || !Number.isFinite(num)) throw new InputError(`strategy "${text}": ${key} must be a number, got "${value}"`)
    if (Object.hasOwn(raw, key)) throw new InputError(`strategy "${text}": ${key} is given twice`)
    raw[key] = num
  }
  return validateStrategy(name, raw, drawSeed, text)
}

/** Validates parameters (from a spec, the app or an import) and fills in defaults and a seed. */
export function validateStrategy(name: StrategyName, raw: Record<string, unknown>, drawSeed: () => number, label: string = name): StrategySpec {
  const parsed = STRATEGY_PARAMS[name].safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    if (issue.code === 'unrecognized_keys') {
      const allowed = Object.keys(STRATEGY_PARAMS[name].shape)
      throw new InputError(
        `strategy "${label}": unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}; ${name} takes ${allowed.length ? allowed.join(', ') : 'no parameters'}`,
      )
    }
    const key = String(issue.path[0] ?? '')
    throw new InputError(`strategy "${label}": ${issue.message}, got ${key} = ${String(raw[key])}`)
  }
  const params = { ...(parsed.data as Record<string, number | undefined>) }
  if (SAMPLING.has(name) && params.seed === undefined) params.seed = drawSeed()
  return { name, params: params as Record<string, number> }
}

export function formatStrategy(spec: StrategySpec): string {
  const parts = Object.entries(spec.params).map(([k, v]) => `${k}=${v}`)
  return parts.length ? `${spec.name}:${parts.join(',')}` : spec.name
}
