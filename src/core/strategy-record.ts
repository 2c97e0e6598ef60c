import { processorsFor } from './decode'
import { defaultOrder, formatOrder } from './processors/order'
import { selectorOf } from './strategies/sampling'
import type { RunProvenance } from './records'
import { strategyEntry } from './strategies'
import type { StrategySpec } from './strategy-spec'

/**
 * A strategy as its run record keeps it: every parameter with a neutral value (its entry's `neutral`)
 * at that value unless set, and a recorded order by name; the presets' parameters are complete already.
 */
export function strategyRecord(spec: StrategySpec): RunProvenance['strategy'] {
  const given = spec.params as Record<string, number | undefined>
  const entry = strategyEntry(spec.name)
  const parameters: Record<string, number | string> = {}
  for (const [key, neutral] of Object.entries(entry.neutral ?? {})) parameters[key] = given[key] ?? neutral
  for (const [key, value] of Object.entries(given)) if (value !== undefined && key !== 'order') parameters[key] = value
  if (Object.hasOwn(entry.schema().shape, 'order')) parameters.order = formatOrder(given.order ?? defaultOrder(given))
  // The selector that draws, when it is not a plain draw, ends the chain.
  const chain = processorsFor(spec).map((p) => p.name)
  const selector = spec.name === 'sample' ? selectorOf(given, 0) : undefined
  if (selector) chain.push(selector.kind)
  return { name: spec.name, parameters, chain, seed: given.seed ?? null }
}
