import { processorsFor } from './decode'
import { formatOrder, HF_ORDER } from './processors/order'
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
  if (Object.hasOwn(entry.schema().shape, 'order')) parameters.order = formatOrder(given.order ?? HF_ORDER)
  return { name: spec.name, parameters, chain: processorsFor(spec).map((p) => p.name), seed: given.seed ?? null }
}
