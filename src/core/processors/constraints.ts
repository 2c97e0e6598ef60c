import { InputError } from '../errors'
import type { Processor } from '../processors'
import type { LanguageModel, TokenId } from '../types'
import { bannedSequences, logitBias, parseLogitBias, resolveLogitBias } from './logit-bias'

/**
 * `sample`'s constraint parameters, given as text: `logitBias` as token=bias pairs (parseLogitBias)
 * and `bannedStrings` as a JSON array of strings. Both tokenize as the prompt does, with the run's model.
 */
export const CONSTRAINT_PARAMS = { logitBias: undefined, bannedStrings: undefined } as const

const BANNED_FORMAT = 'bannedStrings must be a JSON array of texts, such as ["Hello", " world"]'

/** The banned strings of a `bannedStrings` text; refuses anything but a JSON array of non-empty texts. */
export function parseBannedStrings(text: string): string[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new InputError(`${BANNED_FORMAT}; got ${text}`)
  }
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s === ''))
    throw new InputError(`${BANNED_FORMAT}; got ${text}`)
  return value as string[]
}

/** Checks the constraint text parameters; a message for the first that does not parse. */
export function checkConstraints(text: Readonly<Record<string, string>>): void {
  if (text.logitBias !== undefined) parseLogitBias(text.logitBias)
  if (text.bannedStrings !== undefined) parseBannedStrings(text.bannedStrings)
}

/**
 * The constraint processors for these text parameters, first in the chain as llama.cpp applies its
 * logit bias: a bias per token id, and the banned strings' tokenizations. Empty when neither is set.
 */
export async function constraintProcessors(
  model: Pick<LanguageModel, 'tokenize' | 'vocabSize'>,
  text: Readonly<Record<string, string>>,
): Promise<Processor[]> {
  const out: Processor[] = []
  if (text.logitBias !== undefined) {
    const entries = parseLogitBias(text.logitBias)
    const tokens = new Map<string, readonly TokenId[]>()
    for (const e of entries) if (typeof e.token === 'string') tokens.set(e.token, await model.tokenize(e.token))
    out.push(logitBias(resolveLogitBias(entries, (t) => tokens.get(t) ?? [], model.vocabSize)))
  }
  if (text.bannedStrings !== undefined) {
    const sequences: TokenId[][] = []
    for (const s of parseBannedStrings(text.bannedStrings)) sequences.push([...(await model.tokenize(s))])
    out.push(bannedSequences(sequences))
  }
  return out
}
