import type { Database } from 'better-sqlite3'
import type { RequestPayload } from '../../core/contract'
import { contextOf } from '../../core/decode'
import { InputError } from '../../core/errors'
import { stepUnderOrder, type StepUnderOrder } from '../../core/strategies/step-under-order'
import type { LanguageModel, TokenId } from '../../core/types'
import type { ModelLoadOptions } from '../models/registry'
import { chatPrompt, experimentChat } from '../chat-prompt'
import { getRunSummary } from '../store/runs-repo'
import { getChildren, getNodePath } from '../store/tree-repo'
import { experimentModelOptions } from './branch-model-options'

type ModelFor = (id: string, opts: ModelLoadOptions) => Promise<LanguageModel>

/**
 * A stored step of a sample run under another order, on the model the run used (loaded as it was:
 * context size, GPU layers) and the prompt it saw (chat-rendered or not).
 */
export async function compareStepOrder(
  db: Database,
  modelFor: ModelFor,
  { runId, nodeId, order }: RequestPayload<'step.compareOrder'>,
): Promise<StepUnderOrder> {
  const run = getRunSummary(db, runId)
  if (!run) throw new InputError(`run ${runId} does not exist (it may have been deleted)`)
  if (run.strategy.name !== 'sample') {
    throw new InputError(
      `run ${runId} is a ${run.strategy.name} run: only sample runs have a processor chain whose order can change`,
    )
  }
  // The node's path and its children alone: a large run's tree is not read for one step.
  const nodes = getNodePath(db, runId, nodeId)
  const node = nodes[nodes.length - 1]
  if (node?.id !== nodeId || !node.expanded)
    throw new InputError(`node ${nodeId} of run ${runId} is not a step the run expanded`)
  const path = nodes.slice(1).map((n) => n.tokenId as TokenId)
  const model = await modelFor(run.model, experimentModelOptions(db, run.experimentId) ?? {})
  const chat = experimentChat(db, run.experimentId)
  const promptIds = chat ? (await chatPrompt(model, chat.system, run.prompt)).ids : await model.tokenize(run.prompt)
  const candidates = getChildren(db, runId, nodeId)
    .filter((n) => n.tokenId !== null)
    .map((n) => ({ tokenId: n.tokenId as TokenId, prob: n.prob }))
  return stepUnderOrder(
    model,
    {
      context: [...contextOf(model, promptIds), ...path],
      params: run.strategy.params,
      textParams: run.strategy.textParams ?? {},
      sampler: node.sampler,
      candidates,
    },
    order,
  )
}
