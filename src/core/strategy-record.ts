import { processorsFor } from './decode'
import { ADAPTIVE_P_NEUTRAL } from './processors/adaptive-p'
import { MIROSTAT_NEUTRAL } from './processors/mirostat'
import { CHAIN_NEUTRALS, defaultOrder, formatOrder } from './processors/order'
import type { RunProvenance } from './records'
import type { StrategySpec } from './strategy-spec'

/** Every parameter `sample` reads, with its neutral value: the chain's and the selectors'. */
const SAMPLE_NEUTRALS: Record<string, number> = { ...CHAIN_NEUTRALS, ...MIROSTAT_NEUTRAL, ...ADAPTIVE_P_NEUTRAL }
/** speculative takes no XTC (see strategy-spec.ts). */
const SPECULATIVE_NEUTRALS = Object.fromEntries(Object.entries(CHAIN_NEUTRALS).filter(([k]) => !k.startsWith('xtc')))

/**
 * A strategy as its run record keeps it: for `sample` and `speculative` every processor at its
 * neutral value unless set, and the order by name; the presets' parameters are complete already.
 * The chain ends with the selector that draws, when it is not a plain draw (mirostat, adaptiveP).
 */
export function strategyRecord(spec: StrategySpec): RunProvenance['strategy'] {
  const given = spec.params as Record<string, number | undefined>
  const parameters: Record<string, number | string> = {}
  const chained = spec.name === 'sample' || spec.name === 'speculative'
  if (chained) {
    for (const [key, neutral] of Object.entries(spec.name === 'sample' ? SAMPLE_NEUTRALS : SPECULATIVE_NEUTRALS)) parameters[key] = given[key] ?? neutral
  }
  for (const [key, value] of Object.entries(given)) if (value !== undefined && key !== 'order') parameters[key] = value
  if (chained) parameters.order = formatOrder(given.order ?? defaultOrder(given))
  const chain = processorsFor(spec).map((p) => p.name)
  if (spec.name === 'sample' && (given.mirostat ?? 0) !== 0) chain.push('mirostat')
  else if (spec.name === 'sample' && (given.adaptiveTarget ?? -1) >= 0) chain.push('adaptiveP')
  return { name: spec.name, parameters, chain, seed: given.seed ?? null }
}
