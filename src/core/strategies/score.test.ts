// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decode } from '../decode'
import { scoreAsRun, scoreSpec } from '../score-run'
import { formatStrategy, parseStrategySpec, validateStrategy } from '../strategy-spec'
import { run, tableModel } from '../testing/tables'
import type { RunResult } from '../types'

const sw = tableModel(
  'seed-weather',
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/models/seed-weather.table.json'), 'utf8')),
)

const treeOf = (r: RunResult) => r.tree.map((n) => [n.parent, n.text, n.prob, n.rank, n.status])

describe('the score strategy', () => {
  it('scores 天 气 好 as 0.6 × 0.9 × 0.8 = 0.432, its path chosen beside each step’s alternatives, whatever max tokens says', async () => {
    const r = await run(sw, 'score:text=天 气 好', { maxTokens: 1 })
    expect(r.sequences).toHaveLength(1)
    const [seq] = r.sequences
    expect(seq.tokens).toEqual(['天', '气', '好'])
    expect(seq.text).toBe('天气好')
    expect(seq.steps.map((s) => s.prob)).toEqual([0.6, 0.9, 0.8])
    expect(seq.probability).toBeCloseTo(0.432, 12)
    expect(seq.logProb).toBeCloseTo(Math.log(0.6) + Math.log(0.9) + Math.log(0.8), 12)
    // The text does not end in <end>, so it is unfinished; it stopped at no limit, so no stop reason.
    expect(seq.finished).toBe(false)
    expect(seq.stopReason).toBeUndefined()
    expect(r.warnings).toEqual([])
    // After <start>: 天 0.6, 好 0.4; after 天: 气 0.9, 好 0.1; after 天气: 好 0.8, <end> 0.2. The node after the text is not expanded.
    expect(treeOf(r)).toEqual([
      [null, '', 1, 0, 'chosen'],
      [0, '天', 0.6, 0, 'chosen'],
      [0, '好', 0.4, 1, 'candidate'],
      [1, '气', 0.9, 0, 'chosen'],
      [1, '好', 0.1, 1, 'candidate'],
      [3, '好', 0.8, 0, 'chosen'],
      [3, '<end>', 0.2, 1, 'candidate'],
    ])
  })

  it('with eos=1 scores the end token after the text: 0.432 × P(<end> | 天气好) = 0.432 × 1.0, finished', async () => {
    const r = await run(sw, 'score:eos=1,text=天气好')
    const [seq] = r.sequences
    expect(seq.tokens).toEqual(['天', '气', '好', '<end>'])
    expect(seq.steps.map((s) => s.prob)).toEqual([0.6, 0.9, 0.8, 1])
    expect(seq.probability).toBeCloseTo(0.432, 12)
    expect(seq.finished).toBe(true)
  })

  it('never reads a text that fills the context to its end as stopped by the context', async () => {
    // 4 tokens of context: <start> and 3 more. Greedy, which would go on to <end>, stops there; the text ends there.
    const small = Object.assign(Object.create(sw) as typeof sw, { contextSize: 4 })
    const greedy = await run(small, 'greedy')
    expect([greedy.sequences[0].tokens, greedy.sequences[0].stopReason]).toEqual([['天', '气', '好'], 'contextEnd'])
    const scored = await run(small, 'score:text=天气好')
    expect(scored.sequences[0].probability).toBeCloseTo(0.432, 12)
    expect(scored.sequences[0].stopReason).toBeUndefined()
    expect(scored.warnings).toEqual([])
  })

  it('scores after forced tokens: 天 forced, then 好 at 0.1, so 0.6 × 0.1 = 0.06', async () => {
    const spec = { ...scoreSpec('好'), forced: [1] }
    const r = await decode(sw, [], spec, { maxTokens: 32, topN: 10 })
    expect(r.sequences[0].tokens).toEqual(['天', '好'])
    expect(r.sequences[0].probability).toBeCloseTo(0.06, 12)
  })

  it('refuses an empty text, a token of probability 0 and a spec without a text, saying what to do', async () => {
    await expect(run(sw, 'score:text=')).rejects.toThrow('the text to score is empty; paste some text first')
    await expect(run(sw, 'score:text=天天')).rejects.toThrow(
      'token 2 of the text ("天") has probability 0 under the model, so the text cannot be saved as a run; change that token or pick another model',
    )
    // A score run saved before its spec kept the text reads as name score, params {}.
    const old = validateStrategy('score', {})
    expect(old).toEqual({ name: 'score', params: {} })
    await expect(decode(sw, [], old, { maxTokens: 32, topN: 10 })).rejects.toThrow(
      'this score run records no text to score; score the text again with "Score a text"',
    )
    expect(() => validateStrategy('score', { text: '天', eos: 2 })).toThrow(
      'strategy "score": eos must be 0 or 1, got eos = 2',
    )
  })

  it('takes the rest of a spec as its text, commas included, and leaves the text out of its label', () => {
    const spec = parseStrategySpec('score:eos=1,text=天, 气', () => 0)
    expect(spec).toEqual({ name: 'score', params: { eos: 1 }, textParams: { text: '天, 气' } })
    expect(formatStrategy(spec)).toBe('score:eos=1')
    expect(formatStrategy(scoreSpec('天气好'))).toBe('score')
    expect(scoreSpec('天气好', true)).toEqual({ name: 'score', params: { eos: 1 }, textParams: { text: '天气好' } })
  })

  it('is what scoreAsRun decodes: the same sequence and tree as a run of the spec', async () => {
    const spec = scoreSpec('天气好')
    const byRun = await scoreAsRun(sw, [], spec, 10)
    const byDecode = await decode(sw, [], spec, { maxTokens: 3, topN: 10 })
    expect(byRun.sequences).toEqual(byDecode.sequences)
    expect(byRun.tree).toEqual(byDecode.tree)
  })
})
