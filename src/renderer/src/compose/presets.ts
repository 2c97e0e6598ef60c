import type { StrategyName } from '../../../core/strategy-spec'
import type { MessageKey } from '../i18n/i18n'

export interface StrategyDraft {
  key: number
  name: StrategyName
  /** Parameter values as typed; validated with the core's schemas before a run starts. */
  params: Record<string, string>
  /** speculative: the draft model's id or path. */
  draft?: string
}

let nextKey = 1
export const draft = (name: StrategyName, params: Record<string, string> = {}): StrategyDraft => ({
  key: nextKey++,
  name,
  params,
})

export const PRESETS: { label: MessageKey; make: () => StrategyDraft[] }[] = [
  {
    label: 'compose.preset.mixed',
    make: () => [
      draft('greedy'),
      draft('beam', { width: '2' }),
      draft('beam', { width: '4' }),
      draft('nucleus', { p: '0.9' }),
    ],
  },
  { label: 'compose.preset.exact', make: () => [draft('greedy'), draft('beam', { width: '2' }), draft('exact')] },
  {
    label: 'compose.preset.nucleus',
    make: () => [draft('nucleus', { p: '0.5' }), draft('nucleus', { p: '0.9' }), draft('nucleus', { p: '1' })],
  },
]
