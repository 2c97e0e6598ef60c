import type { StrategyName } from '../../../core/strategy-spec'

export interface StrategyDraft {
  key: number
  name: StrategyName
  /** Parameter values as typed; validated with the core's schemas before a run starts. */
  params: Record<string, string>
}

let nextKey = 1
export const draft = (name: StrategyName, params: Record<string, string> = {}): StrategyDraft => ({ key: nextKey++, name, params })

export const PRESETS: { label: string; make: () => StrategyDraft[] }[] = [
  {
    label: 'greedy vs beam 2/4 vs nucleus 0.9',
    make: () => [draft('greedy'), draft('beam', { width: '2' }), draft('beam', { width: '4' }), draft('nucleus', { p: '0.9' })],
  },
  { label: 'greedy vs beam 2 vs exact', make: () => [draft('greedy'), draft('beam', { width: '2' }), draft('exact')] },
  { label: 'nucleus 0.5 / 0.9 / 1.0', make: () => [draft('nucleus', { p: '0.5' }), draft('nucleus', { p: '0.9' }), draft('nucleus', { p: '1' })] },
]
