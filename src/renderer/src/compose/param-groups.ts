import type { ZodType } from 'zod'
import { PROCESSOR_KEYS, processorParam } from '../../../core/processors/order'
import { strategyEntry } from '../../../core/strategies'
import { STRATEGY_PARAMS, type StrategyName } from '../../../core/strategy-spec'

/**
 * The sampling parameters a student tunes less often, folded into one group per llama.cpp sampler
 * family so that `sample`'s 28 fields do not open as one wall. A group's `on` parameter is the one
 * that turns its sampler on; every parameter outside a group is shown at once.
 */
export const PARAM_GROUPS = [
  { id: 'truncation', params: ['typicalP', 'epsilon', 'eta', 'topNSigma'] },
  {
    id: 'penalties',
    params: ['repetitionPenalty', 'frequencyPenalty', 'presencePenalty', 'penaltyLastN', 'noRepeatNgram'],
  },
  { id: 'dry', on: 'dryMultiplier', params: ['dryMultiplier', 'dryBase', 'dryAllowedLength', 'dryPenaltyLastN'] },
  { id: 'xtc', on: 'xtcProbability', params: ['xtcProbability', 'xtcThreshold'] },
  { id: 'dynatemp', on: 'dynatempRange', params: ['dynatempRange', 'dynatempExponent'] },
  { id: 'mirostat', on: 'mirostat', params: ['mirostat', 'mirostatTau', 'mirostatEta'] },
  { id: 'adaptive', on: 'adaptiveTarget', params: ['adaptiveTarget', 'adaptiveDecay'] },
] as const

/** The groups of numeric parameters, and `constraints`: sample's logitBias and bannedStrings, which are text. */
export type GroupId = (typeof PARAM_GROUPS)[number]['id'] | 'constraints'

export interface ParamLayout {
  main: string[]
  groups: { id: GroupId; params: string[] }[]
}

/** A strategy's parameters in form order: the ungrouped ones first, then each group it has. */
export function layoutParams(params: readonly string[]): ParamLayout {
  const grouped = new Set<string>(PARAM_GROUPS.flatMap((g) => g.params))
  const present = new Set(params)
  return {
    // order comes last: it arranges whatever the fields above and the groups below turn on.
    main: [...params.filter((p) => !grouped.has(p) && p !== 'order'), ...params.filter((p) => p === 'order')],
    groups: PARAM_GROUPS.map((g) => ({ id: g.id, params: g.params.filter((p) => present.has(p)) })).filter(
      (g) => g.params.length > 0,
    ),
  }
}

const SWITCHES = new Set<string>([
  ...PROCESSOR_KEYS.map(processorParam),
  ...PARAM_GROUPS.flatMap((g) => ('on' in g ? [g.on] : [])),
])

/**
 * What an empty field means: the schema's default ("1" for temperature), `off` for a parameter
 * that turns a processor on (topK, dryMultiplier…), else the neutral value the run uses (dryBase 1.75).
 */
export function paramHint(name: StrategyName, param: string): { value: string } | 'off' | 'default' {
  const field = (STRATEGY_PARAMS[name].shape as Record<string, ZodType | undefined>)[param]
  const parsed = field?.safeParse(undefined)
  if (parsed?.success && typeof parsed.data === 'number') return { value: String(parsed.data) }
  const neutral = strategyEntry(name).neutral?.[param]
  if (neutral === undefined) return 'default'
  return SWITCHES.has(param) ? 'off' : { value: String(neutral) }
}
