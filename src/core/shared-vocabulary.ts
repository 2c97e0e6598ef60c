import { endTokensOf } from './end-tokens'
import type { LanguageModel } from './types'

/**
 * How a second model's vocabulary differs from a model's (size, BOS/EOS, end tokens, any token's
 * text), or null when every token id means the same in both: what a draft or an amateur model needs.
 */
export function vocabularyDifference(model: LanguageModel, other: LanguageModel): string | null {
  if (other.vocabSize !== model.vocabSize)
    return `its vocabulary has ${other.vocabSize} tokens, ${model.id}'s has ${model.vocabSize}`
  if (other.bos !== model.bos || other.eos !== model.eos) return 'their BOS or EOS tokens differ'
  const ends = [endTokensOf(other), endTokensOf(model)]
  if (ends[0].size !== ends[1].size || [...ends[0]].some((t) => !ends[1].has(t)))
    return 'their end-of-generation tokens differ'
  for (let id = 0; id < model.vocabSize; id++) {
    if (other.tokenText(id) !== model.tokenText(id))
      return `token ${id} is "${other.tokenText(id)}" there and "${model.tokenText(id)}" in ${model.id}`
  }
  return null
}
