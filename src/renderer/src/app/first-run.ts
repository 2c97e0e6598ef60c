import type { RequestPayload } from '../../../core/contract'
import type { ComposeDraft } from '../compose/ComposeForm'
import { draft } from '../compose/presets'

/** Set once the first-run experiment has been started, so that it is started once per installation. */
export const WELCOMED_KEY = 'decoding-lab-welcomed'

/** The newcomer's first experiment: the textbook model, where greedy's 0.6 × 0.9 × 0.8 × 1.0 = 0.432 can be checked by hand. */
export const FIRST_EXPERIMENT: RequestPayload<'experiment.start'> = {
  model: 'seed-weather',
  prompt: '',
  maxTokens: 32,
  topN: 10,
  strategies: [
    { name: 'greedy', params: {} },
    { name: 'beam', params: { width: 2 } },
  ],
}

/** The next step: the shipped neural model, at the length where trees and overlays get large. */
export const NEURAL_DRAFT: ComposeDraft = {
  model: 'tang-poems',
  prompt: '春',
  maxTokens: '48',
  strategies: () => [draft('beam', { width: '4' }), draft('nucleus', { p: '0.9', seed: '1' })],
}

export const NEURAL_EXPERIMENT: RequestPayload<'experiment.start'> = {
  model: 'tang-poems',
  prompt: '春',
  maxTokens: 48,
  topN: 10,
  strategies: [
    { name: 'beam', params: { width: 4 } },
    { name: 'nucleus', params: { p: 0.9, seed: 1 } },
  ],
}
