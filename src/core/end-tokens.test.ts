import { describe, expect, it } from 'vitest'
import { decode } from './decode'
import { endTokensOf } from './end-tokens'
import { parseStrategySpec } from './strategy-spec'
import { run, table } from './testing/tables'
import type { LanguageModel } from './types'

const t = table('two-ends', {
  vocab: ['<s>', '</s>', 'a', 'b', '<eot>'],
  default: { a: 0.1, b: 0.2, '<eot>': 0.6, '</s>': 0.1 },
})
const [eot] = t.tokenize('<eot>')
/** The same table with a second end token, as a GGUF model lists several. */
const twoEnds: LanguageModel = Object.create(t, { endTokens: { value: [t.eos, eot] } }) as LanguageModel

describe('end tokens', () => {
  it('are eos alone for a model that lists none', () => {
    expect([...endTokensOf(t)]).toEqual([t.eos])
  })

  it('end a sequence at any of them, finished', async () => {
    const plain = await run(t, 'greedy', { maxTokens: 3 })
    expect(plain.sequences.map((s) => [s.tokens, s.finished])).toEqual([[['<eot>', '<eot>', '<eot>'], false]])
    const r = await run(twoEnds, 'greedy', { maxTokens: 3 })
    expect(r.sequences.map((s) => [s.tokens, s.finished, s.probability])).toEqual([[['<eot>'], true, 0.6]])
    const beam = await run(twoEnds, 'beam:width=2', { maxTokens: 3 })
    expect(beam.sequences.map((s) => [s.tokens.join(' '), s.finished])).toEqual([
      ['<eot>', true],
      ['b <eot>', true],
    ])
  })

  it('refuse a forced prefix that goes on past one', async () => {
    const [a] = t.tokenize('a')
    const spec = { ...parseStrategySpec('greedy', () => 1), forced: [a, eot, a] }
    await expect(decode(twoEnds, [], spec, { maxTokens: 2, topN: 3 })).rejects.toThrow(
      'a forced prefix can end with <eot>, not go on after it',
    )
    const ok = await decode(twoEnds, [], { ...spec, forced: [a, eot] }, { maxTokens: 2, topN: 3 })
    expect(ok.sequences.map((s) => [s.tokens, s.finished])).toEqual([[['a', '<eot>'], true]])
  })
})
