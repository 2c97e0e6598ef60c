import { beamStrategy } from './beam'
import { contrastiveStrategy } from './contrastive'
import { exactStrategy } from './exact'
import { greedyStrategy } from './greedy'
import { minpStrategy, nucleusStrategy, topkStrategy, typicalStrategy } from './sampling-presets'
import { sampleStrategy } from './sampling'
import { scoreStrategy } from './score'
import { mbrStrategy, voteStrategy } from './sample-then-select'
import { speculativeStrategy } from './speculative'
import type { StrategyEntry } from './strategy'

/**
 * Every strategy, by the name specs, the CLI, the app and stored runs use. To add one: write its file
 * with an entry (defineStrategy, see strategy.ts), add one line here, and test it beside its file.
 * The order here is the order of the CLI help, the app's menu and the README table.
 */
export const STRATEGIES = {
  greedy: greedyStrategy,
  beam: beamStrategy,
  nucleus: nucleusStrategy,
  topk: topkStrategy,
  sample: sampleStrategy,
  minp: minpStrategy,
  typical: typicalStrategy,
  exact: exactStrategy,
  speculative: speculativeStrategy,
  mbr: mbrStrategy,
  vote: voteStrategy,
  contrastive: contrastiveStrategy,
  score: scoreStrategy,
} as const

export type StrategyName = keyof typeof STRATEGIES
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[]
/** The strategies offered where one is picked (the app's forms, the CLI help, the README table): all but `pickable: false`. */
export const PICKABLE_STRATEGY_NAMES: readonly StrategyName[] = STRATEGY_NAMES.filter(
  (name) => (STRATEGIES[name] as { pickable?: false }).pickable !== false,
)

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGIES, name)
}

/** The entry of a strategy, typed loosely: for code that handles any strategy by name. */
export function strategyEntry(name: StrategyName): StrategyEntry {
  return STRATEGIES[name] as unknown as StrategyEntry
}
