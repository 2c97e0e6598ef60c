import { isEndToken } from '../../core/end-tokens'
import { namedTokens } from '../../core/force-text'
import { InputError } from '../../core/errors'
import { score } from '../../core/score'
import type { LanguageModel, TokenId } from '../../core/types'

/**
 * `--force "天 气"`: token texts separated by spaces, each exactly as the tree shows it (`show`
 * prints them), so that any token can be forced, the end token included. A prefix the model
 * gives probability 0 is refused here, before any run is stored.
 */
export async function forcedTokens(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  text: string,
): Promise<TokenId[]> {
  return checkForced(model, promptIds, await namedTokens(model, text, '--force'))
}

/** Token ids forced after the prompt (the app sends ids): in the vocabulary, not past the end token, each possible. */
export async function checkForced(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  forced: TokenId[],
): Promise<TokenId[]> {
  const outside = forced.find((t) => !Number.isInteger(t) || t < 0 || t >= model.vocabSize)
  if (outside !== undefined) throw forceError(`token id ${outside} is outside the vocabulary of ${model.id}`)
  const end = forced.findIndex((t) => isEndToken(model, t))
  if (end >= 0 && end < forced.length - 1)
    throw forceError(`a forced prefix can end with ${model.tokenText(forced[end])}, not go on after it`)
  const impossible = (await score(model, promptIds, forced)).steps.findIndex((s) => !(s.prob > 0))
  if (impossible >= 0) {
    const before = forced
      .slice(0, impossible)
      .map((t) => model.tokenText(t))
      .join(' ')
    throw forceError(
      `${model.id} gives "${model.tokenText(forced[impossible])}" probability 0 after the prompt${before ? ` and "${before}"` : ''}`,
    )
  }
  return forced
}

/** A problem with the forced tokens: the CLI names its --force, the app the forced tokens (a branch, or a sweep's). */
function forceError(problem: string, cliEnding?: string): InputError {
  const cli = cliEnding ? problem.replace(/as the tree shows them$/, cliEnding) : problem
  return new InputError(`--force: ${cli}`, { app: `forced tokens: ${problem}` })
}
