import type { StrategyName, StrategySpec } from '../../../core/strategy-spec'
import type { TokenId } from '../../../core/types'

/** What the branch form offers: the run's own strategy (parameters and seed as recorded) or any strategy with its defaults. */
export type BranchChoice = 'own' | StrategyName

/**
 * The strategy that continues after the forced path. A speculative strategy picked with its
 * defaults drafts with the experiment's own model, the one draft that always shares its vocabulary.
 */
export function branchStrategy(own: StrategySpec, choice: BranchChoice, model: string, forced: readonly TokenId[]): StrategySpec {
  if (choice === 'own') {
    const { name, params, draft } = own
    return { name, params: { ...params }, ...(draft !== undefined ? { draft } : {}), forced: [...forced] }
  }
  return { name: choice, params: {}, ...(choice === 'speculative' ? { draft: model } : {}), forced: [...forced] }
}
