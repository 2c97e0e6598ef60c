import { processorsFor } from './decode'
import { formatOrder, HF_ORDER, PROCESSORS } from './processors/order'
import type { RunProvenance } from './records'
import type { StrategySpec } from './strategy-spec'

/**
 * A strategy as its run record keeps it: for `sample` and `speculative` every processor at its
 * neutral value unless set, and the order by name; the presets' parameters are complete already.
 */
export function strategyRecord(spec: StrategySpec): RunProvenance['strategy'] {
  const given = spec.params as Record<string, number | undefined>
  const parameters: Record<string, number | string> = {}
  if (spec.name === 'sample' || spec.name === 'speculative') {
    for (const [key, { neutral }] of Object.entries(PROCESSORS)) parameters[key] = given[key] ?? neutral
  }
  for (const [key, value] of Object.entries(given)) if (value !== undefined && key !== 'order') parameters[key] = value
  if (spec.name === 'sample' || spec.name === 'speculative') parameters.order = formatOrder(given.order ?? HF_ORDER)
  return { name: spec.name, parameters, chain: processorsFor(spec).map((p) => p.name), seed: given.seed ?? null }
}
