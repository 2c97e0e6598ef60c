import { describe, expect, it } from 'vitest'
import type { RunDetail } from '../../../core/records'
import { format } from '../i18n/i18n'
import { MESSAGES } from '../i18n/messages'
import { runName, sequenceName, shortStrategy } from './run-names'

const en = (key: keyof (typeof MESSAGES)['en'], vars?: Record<string, string | number>) =>
  format(MESSAGES.en[key], vars)
const zh = (key: keyof (typeof MESSAGES)['en'], vars?: Record<string, string | number>) =>
  format(MESSAGES['zh-CN'][key], vars)
const run = (strategy: RunDetail['strategy'], sequences: string[][]) =>
  ({ strategy, sequences: sequences.map((tokens) => ({ tokens })) }) as unknown as RunDetail

describe('run names', () => {
  it('shorten a strategy to its name and main parameter', () => {
    expect(shortStrategy({ name: 'beam', params: { width: 4, lengthPenalty: 0 } })).toBe('beam 4')
    expect(shortStrategy({ name: 'nucleus', params: { p: 0.9, temperature: 1, seed: 7, samples: 1 } })).toBe(
      'nucleus 0.9',
    )
    expect(shortStrategy({ name: 'topk', params: { k: 40 } })).toBe('top-k 40')
    expect(shortStrategy({ name: 'greedy', params: {} })).toBe('greedy')
    expect(shortStrategy({ name: 'sample', params: { temperature: 1 } })).toBe('sample')
  })

  it('name a branch by the tokens it forced, newlines visible, in English and Chinese', () => {
    const branch = run({ name: 'greedy', params: {}, forced: [1, 3] }, [['天', '好', '<end>']])
    expect(runName(branch, en)).toBe('greedy after 天 → 好 (forced)')
    expect(runName(branch, zh)).toBe('贪心搜索，在 天 → 好 之后（强制）')
    expect(runName(run({ name: 'greedy', params: {}, forced: [9] }, [['\n', 'x']]), en)).toBe('greedy after ⏎ (forced)')
  })

  it('number the sequences of a run that returned more than one', () => {
    const beam = run({ name: 'beam', params: { width: 2 } }, [['a'], ['b']])
    expect([0, 1].map((i) => sequenceName(beam, i, en))).toEqual(['beam 2 #1', 'beam 2 #2'])
    expect(sequenceName(run({ name: 'greedy', params: {} }, [['a']]), 0, en)).toBe('greedy')
    // Chart legends and tables in Chinese name the strategy in Chinese.
    expect([0, 1].map((i) => sequenceName(beam, i, zh))).toEqual(['束搜索 2 #1', '束搜索 2 #2'])
    expect(sequenceName(run({ name: 'topk', params: { k: 40 } }, [['a']]), 0, zh)).toBe('前 k 采样 40')
  })
})
