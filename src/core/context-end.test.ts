import { describe, expect, it } from 'vitest'
import { run, table } from './testing/tables'
import type { LanguageModel } from './types'

const t = table('loop', { vocab: ['<s>', '</s>', 'a', 'b'], default: { a: 0.7, b: 0.2, '</s>': 0.1 } })
/** The same table with a context of 4 tokens: BOS and three more. */
const small: LanguageModel = Object.create(t, { contextSize: { value: 4 } }) as LanguageModel

describe('the end of the context', () => {
  it('stops every strategy there, unfinished, with a warning', async () => {
    const g = await run(small, 'greedy', { maxTokens: 10 })
    expect(g.sequences.map((s) => [s.tokens, s.finished])).toEqual([[['a', 'a', 'a'], false]])
    expect(g.warnings).toEqual([
      'the context of loop is full (4 tokens): a sequence stopped after 3 tokens, before max tokens; a larger context size lets it go on',
    ])
    const b = await run(small, 'beam:width=2', { maxTokens: 10 })
    expect(b.sequences.map((s) => [s.tokens.join(' '), s.finished])).toEqual([
      ['a a a', false],
      ['a a b', false],
    ])
    const e = await run(small, 'exact', { maxTokens: 10 })
    expect(e.sequences[0].tokens).toEqual(['a', 'a', 'a'])
  })

  it('gives no warning when max tokens comes first', async () => {
    const g = await run(small, 'greedy', { maxTokens: 3 })
    expect([g.sequences[0].tokens.length, g.warnings]).toEqual([3, []])
  })
})
