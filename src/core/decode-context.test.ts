import { afterEach, describe, expect, it, vi } from 'vitest'
import { decode } from './decode'
import { table } from './testing/tables'
import type { LanguageModel, RunProgress, TokenId } from './types'

/** A model that detokenizes asynchronously (as one in another process does), counting the requests. */
function asyncText(model: LanguageModel): { model: LanguageModel; calls: () => number } {
  let calls = 0
  const wrapped = Object.assign(Object.create(model) as LanguageModel, {
    detokenize: async (ids: readonly TokenId[]) => (calls++, model.detokenize(ids)),
  })
  return { model: wrapped, calls: () => calls }
}

afterEach(() => vi.restoreAllMocks())

describe('DecodeContext with a model that detokenizes asynchronously', () => {
  const aaa = table('aaa', { vocab: ['<s>', 'a', '</s>'], default: { a: 1 }, joiner: '' })

  it('gives the same sequence text and asks for progress text only now and then, ending with the last step', async () => {
    // The clock stands still: every step comes within 100 ms of the first.
    vi.spyOn(performance, 'now').mockReturnValue(1000)
    const { model, calls } = asyncText(aaa)
    const progress: RunProgress[] = []
    const result = await decode(
      model,
      [],
      { name: 'greedy', params: {} },
      { maxTokens: 50, topN: 2, onProgress: (p) => progress.push(p) },
    )
    const sync = await decode(aaa, [], { name: 'greedy', params: {} }, { maxTokens: 50, topN: 2 })
    expect(result.sequences[0].text).toBe('a'.repeat(50))
    expect(result.sequences[0].text).toBe(sync.sequences[0].text)
    // Requests: the first step's text, the last step's (held back, sent at the end), and the sequence's.
    expect(progress.map((p) => [p.step, p.text])).toEqual([
      [1, 'a'],
      [50, 'a'.repeat(50)],
    ])
    expect(calls()).toBe(3)
  })
})
