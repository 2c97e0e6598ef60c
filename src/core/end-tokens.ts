import type { LanguageModel, TokenId } from './types'

const sets = new WeakMap<LanguageModel, ReadonlySet<TokenId>>()

/** The tokens that end a sequence on `model`: its endTokens (llama.cpp's end-of-generation list), else its one eos. */
export function endTokensOf(model: LanguageModel): ReadonlySet<TokenId> {
  let set = sets.get(model)
  if (!set) {
    set = new Set(model.endTokens && model.endTokens.length > 0 ? model.endTokens : [model.eos])
    sets.set(model, set)
  }
  return set
}

export function isEndToken(model: LanguageModel, id: TokenId | null): boolean {
  return id !== null && endTokensOf(model).has(id)
}
