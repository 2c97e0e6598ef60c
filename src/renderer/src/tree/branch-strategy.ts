import type { StrategyName, StrategySpec } from '../../../core/strategy-spec'
import { strategyEntry } from '../../../core/strategies'
import type { TokenId } from '../../../core/types'
import { SCORE_RUN } from '../../../core/score-run'

/** What the branch form offers: the run's own strategy (parameters and seed as recorded) or any strategy with its defaults. */
export type BranchChoice = 'own' | StrategyName

/** A branch's strategy as the app sends it: forced token ids, or an edited text that the worker tokenizes with the model. */
export type BranchSpec = StrategySpec & { forcedText?: string }

/**
 * The path's tokens as the branch form's text field starts: token texts separated by spaces, as the tree
 * and `--force` show them; a JSON array of them when a token holds whitespace or starts as that form does
 * (` world`, a newline), which spaces between tokens would lose.
 */
export function pathAsText(pathText: readonly string[]): string {
  const plain = pathText.every((t) => t !== '' && !/\s/u.test(t) && !/^[[#]/u.test(t))
  return plain ? pathText.join(' ') : JSON.stringify(pathText)
}

/**
 * What the branch forces after the experiment's prompt. The text as the form filled it in forces
 * exactly the path's token ids; an edited text is sent as it is, for the model to tokenize (as it
 * tokenizes a prompt), so it can be anything the model's vocabulary spells.
 */
export function branchForced(
  path: readonly TokenId[],
  pathText: readonly string[],
  text: string = pathAsText(pathText),
): Pick<BranchSpec, 'forced' | 'forcedText'> {
  return text === pathAsText(pathText) ? { forced: [...path] } : { forcedText: text }
}

/**
 * The strategy that continues after the forced path. A speculative strategy picked with its
 * defaults drafts with the experiment's own model, the one draft that always shares its vocabulary.
 */
export function branchStrategy(
  own: StrategySpec,
  choice: BranchChoice,
  model: string,
  forced: readonly TokenId[] | Pick<BranchSpec, 'forced' | 'forcedText'>,
): BranchSpec {
  const prefix = Array.isArray(forced) ? { forced: [...forced] } : (forced as Pick<BranchSpec, 'forced' | 'forcedText'>)
  // A scored text has no strategy to continue with: its branches decode greedily.
  if (choice === 'own' && isScoreRun(own)) choice = 'greedy'
  if (choice === 'own') {
    const { name, params, draft } = own
    return { name, params: { ...params }, ...(draft !== undefined ? { draft } : {}), ...prefix }
  }
  return { name: choice, params: {}, ...(strategyEntry(choice).takesDraft ? { draft: model } : {}), ...prefix }
}

/** A run that scored a text (score.start, `score --save`) rather than decoded: no strategy of its own to continue with. */
export const isScoreRun = (spec: Pick<StrategySpec, 'name'>): boolean => spec.name === SCORE_RUN

/** A score run saved before its spec kept the text: there is nothing to score again, so it cannot be re-run. */
export const isTextlessScoreRun = (spec: Pick<StrategySpec, 'name' | 'textParams'>): boolean =>
  isScoreRun(spec) && spec.textParams?.text === undefined
