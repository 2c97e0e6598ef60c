import { InputError } from '../errors'
import { parseOrder } from '../processors/order'
import { parseStrategySpec, type StrategySpec, validateStrategy } from '../strategy-spec'

/** One `--grid KEY=V1,V2,…`: a strategy parameter and the values it takes, in order. */
export interface GridAxis {
  key: string
  values: number[]
}

/** A sweep's cells are the product of its axes, the first axis varying slowest. */
export const MAX_CELLS = 10_000

export function parseGrid(text: string): GridAxis {
  const eq = text.indexOf('=')
  const key = eq < 0 ? '' : text.slice(0, eq).trim()
  const body = eq < 0 ? '' : text.slice(eq + 1).trim()
  if (key === '' || body === '')
    throw new InputError(`sweep: --grid "${text}" is not KEY=V1,V2,…, e.g. --grid p=0.5,0.7,0.9`, {
      app: `sweep: the grid entry "${text}" is not KEY=V1,V2,…, e.g. p=0.5,0.7,0.9`,
    })
  const values = body.split(',').map((v) => {
    const value = v.trim()
    if (key === 'order' && value !== '' && !Number.isFinite(Number(value))) {
      try {
        return parseOrder(value)
      } catch (err) {
        throw new InputError(`sweep: --grid "${text}": ${(err as Error).message}`, {
          app: `sweep: the grid entry "${text}": ${(err as Error).message}`,
        })
      }
    }
    const n = Number(value)
    if (value === '' || !Number.isFinite(n))
      throw new InputError(`sweep: --grid "${text}": ${key} values must be numbers, got "${value}"`, {
        app: `sweep: the grid entry "${text}": ${key} values must be numbers, got "${value}"`,
      })
    return n
  })
  if (new Set(values).size !== values.length)
    throw new InputError(`sweep: --grid "${text}" lists a value twice`, {
      app: `sweep: the grid entry "${text}" lists a value twice`,
    })
  return { key, values }
}

export interface SweepPlan {
  /** The strategy as given, without a drawn seed: with the axes, what identifies the sweep. */
  base: StrategySpec
  axes: GridAxis[]
  cells: { values: Record<string, number>; spec: StrategySpec }[]
}

/**
 * Every cell's strategy, validated before anything runs: a bad value in any cell is a one-line
 * error naming the cell. A sampling strategy with no seed, neither given nor on the grid, gets
 * one drawn seed for every cell, so that cells differ only in the swept parameters.
 */
export function planSweep(
  strategyText: string,
  gridTexts: readonly string[],
  samples: number | undefined,
  drawSeed: () => number,
): SweepPlan {
  if (gridTexts.length === 0)
    throw new InputError('sweep: at least one --grid KEY=V1,V2,… is required, e.g. --grid p=0.5,0.7,0.9', {
      app: 'sweep: the grid is empty; give at least one KEY=V1,V2,…, e.g. p=0.5,0.7,0.9',
    })
  const axes = gridTexts.map(parseGrid)
  const given = new Set(givenKeys(strategyText))
  if (samples !== undefined) given.add('samples')
  const seen = new Set<string>()
  for (const { key } of axes) {
    if (seen.has(key))
      throw new InputError(`sweep: ${key} has two --grid options; list all its values in one`, {
        app: `sweep: ${key} is on the grid twice; list all its values in one entry`,
      })
    if (given.has(key))
      throw new InputError(
        `sweep: ${key} is both fixed (in --strategy or --samples) and on the grid; give it in one place`,
        {
          app: `sweep: ${key} is both fixed on the strategy and on the grid; give it in one place`,
        },
      )
    seen.add(key)
  }
  const count = axes.reduce((n, a) => n * a.values.length, 1)
  if (count > MAX_CELLS)
    throw new InputError(`sweep: the grid has ${count} cells, more than ${MAX_CELLS}; sweep fewer values`)
  let drawn = false
  const parsed = parseStrategySpec(strategyText, () => {
    drawn = true
    return 0
  })
  const fixed: Record<string, number> = { ...parsed.params, ...(samples !== undefined ? { samples } : {}) }
  if (drawn) delete fixed.seed
  const base: StrategySpec = { ...parsed, params: fixed }
  const seed = drawn && !seen.has('seed') ? drawSeed() : undefined
  const cells = product(axes).map((values) => {
    const label = `${parsed.name} with ${Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join(',')}`
    const raw = {
      ...fixed,
      ...values,
      ...(seed !== undefined ? { seed } : {}),
      ...(parsed.draft !== undefined ? { draft: parsed.draft } : {}),
    }
    return { values, spec: validateStrategy(parsed.name, raw, drawSeed, label) }
  })
  return { base, axes, cells }
}

function givenKeys(strategyText: string): string[] {
  const colon = strategyText.indexOf(':')
  if (colon < 0) return []
  return strategyText
    .slice(colon + 1)
    .split(',')
    .map((part) => part.split('=')[0].trim())
    .filter(Boolean)
}

function product(axes: readonly GridAxis[]): Record<string, number>[] {
  let out: Record<string, number>[] = [{}]
  for (const { key, values } of axes) out = out.flatMap((cell) => values.map((v) => ({ ...cell, [key]: v })))
  return out
}

/**
 * The app's one grid field: the CLI's `--grid` values, separated by `;` or new lines
 * ("p=0.5,0.9; temperature=0.7,1"), each read by parseGrid.
 */
export function splitGridText(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
}

/** The strategy as given: the plan's base without the defaults it filled in for the swept keys. */
export function fixedStrategy(base: StrategySpec, axes: readonly GridAxis[]): StrategySpec {
  const swept = new Set(axes.map((a) => a.key))
  return { ...base, params: Object.fromEntries(Object.entries(base.params).filter(([key]) => !swept.has(key))) }
}
