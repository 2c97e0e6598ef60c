import { InputError } from '../../core/errors'
import { vocabularyDifference } from '../../core/shared-vocabulary'
import { checkSameVocabulary } from '../../core/strategies/speculative'
import type { StrategySpec } from '../../core/strategy-spec'
import type { LanguageModel } from '../../core/types'
import { resolveModel } from '../models/registry'

/**
 * Loads the draft model of every speculative spec (the amateur of every contrastive one) once (the same id or path as `--model` takes)
 * and checks that it shares the target's vocabulary, before any run is stored.
 */
export async function loadDraftModels(
  target: LanguageModel,
  specs: readonly StrategySpec[],
): Promise<Map<string, LanguageModel>> {
  const drafts = new Map<string, LanguageModel>()
  try {
    for (const spec of specs) {
      const name = spec.draft
      if (name === undefined) continue
      let draft = drafts.get(name)
      if (!draft) drafts.set(name, (draft = await resolveModel(name)))
      if (spec.name !== 'contrastive') checkSameVocabulary(target, draft)
      else {
        const differ = vocabularyDifference(target, draft)
        if (differ !== null)
          throw new InputError(
            `the amateur model ${draft.id} cannot contrast with ${target.id}: ${differ}; contrastive decoding needs one shared vocabulary (pick an amateur of the same family)`,
          )
      }
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
