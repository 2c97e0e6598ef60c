import type { RequestPayload } from '../../core/contract'
import { InputError } from '../../core/errors'
import { splitGridText } from '../../core/sweep/sweep-grid'
import { planSeededSweep } from '../../core/sweep/sweep-seeds'
import { modelExists } from '../models/registry'

/** Refuses a sweep the worker would refuse, while the request can still answer with the reason. */
export function checkSweep(request: RequestPayload<'sweep.start'>): void {
  if (!modelExists(request.model))
    throw new InputError(`unknown model "${request.model}": pick a built-in model or an existing model file`)
  if (request.prompts.length === 0)
    throw new InputError('a sweep needs at least one prompt: pick a text file with one prompt per line')
  const { base } = planSeededSweep(request.strategy, splitGridText(request.grid), undefined, request.seeds, () => 0)
  if (base.name === 'speculative' && base.draft === undefined)
    throw new InputError('speculative needs a draft model: give it as draft=MODEL in the strategy')
  if (base.draft !== undefined && !modelExists(base.draft))
    throw new InputError(`unknown draft model "${base.draft}": pick a built-in model or an existing model file`)
}
