import type { Database } from 'better-sqlite3'
import { InputError } from '../../core/errors'
import type { Experiment } from '../../core/records'
import { getExperiment } from '../store/experiments-repo'

export interface BranchSettings {
  model: string
  prompt: string
  maxTokens: number
  topN: number
}

/**
 * The experiment a branch is added to, checked against the settings the caller believes it has:
 * SQLite may give a deleted experiment's id to a new one, so an id alone could land a branch in
 * another experiment. The limits must match too, since the experiment records one set for all its runs.
 */
export function branchTarget(db: Database, experimentId: number, s: BranchSettings): Experiment {
  const e = getExperiment(db, experimentId)
  if (!e)
    throw new InputError(
      `experiment ${experimentId} does not exist (it may have been deleted): run the branch as a new experiment instead`,
    )
  const differs = (what: string, ours: unknown, theirs: unknown): InputError =>
    new InputError(
      `cannot add a branch to experiment ${experimentId}: its ${what} is ${JSON.stringify(ours)}, the branch asks for ${JSON.stringify(theirs)}`,
    )
  if (e.modelId !== s.model) throw differs('model', e.modelId, s.model)
  if (e.prompt !== s.prompt) throw differs('prompt', e.prompt, s.prompt)
  if (e.maxTokens !== s.maxTokens) throw differs('max tokens', e.maxTokens, s.maxTokens)
  if (e.topN !== s.topN) throw differs('top N', e.topN, s.topN)
  return e
}
