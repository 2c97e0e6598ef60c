import { checkSameVocabulary } from '../../core/strategies/speculative'
import type { StrategySpec } from '../../core/strategy-spec'
import type { LanguageModel } from '../../core/types'
import { resolveModel } from '../models/registry'

/**
 * Loads the draft model of every speculative spec once (the same id or path as `--model` takes)
 * and checks that it shares the target's vocabulary, before any run is stored.
 */
export async function loadDraftModels(target: LanguageModel, specs: readonly StrategySpec[]): Promise<Map<string, LanguageModel>> {
  const drafts = new Map<string, LanguageModel>()
  try {
    for (const name of new Set(specs.flatMap((s) => (s.draft === undefined ? [] : [s.draft])))) {
      const draft = await resolveModel(name)
      drafts.set(name, draft)
      checkSameVocabulary(target, draft)
    }
  } catch (err) {
    await disposeAll(drafts)
    throw err
  }
  return drafts
}

export async function disposeAll(models: ReadonlyMap<string, LanguageModel>): Promise<void> {
  for (const m of models.values()) await m.dispose?.()
}
