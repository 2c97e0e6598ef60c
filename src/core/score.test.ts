// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { score } from './score'
import { tableModel } from './testing/tables'

const builtIn = (name: string) =>
  tableModel(
    name,
    JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../resources/models/${name}.table.json`), 'utf8')),
  )

const sw = builtIn('seed-weather')
const trap = builtIn('greedy-trap')

describe('score', () => {
  it('gives 天气好 the chain-rule probability 0.6 × 0.9 × 0.8 = 0.432', async () => {
    const r = await score(sw, [], sw.tokenize('天气好'))
    expect(r.tokenIds).toEqual([1, 2, 3])
    expect(r.tokens).toEqual(['天', '气', '好'])
    expect(r.steps.map((s) => [s.token, s.prob])).toEqual([
      ['天', 0.6],
      ['气', 0.9],
      ['好', 0.8],
    ])
    expect(r.steps[2].logProb).toBeCloseTo(Math.log(0.8), 12)
    expect(r.probability).toBeCloseTo(0.432, 12)
    expect(r.logProb).toBeCloseTo(Math.log(0.432), 12)
  })

  it('with EOS appended: 0.432 × P(<end> | 天气好) = 0.432 × 1.0', async () => {
    const r = await score(sw, [], [...sw.tokenize('天气好'), sw.eos])
    expect(r.tokens).toEqual(['天', '气', '好', '<end>'])
    expect(r.steps[3].prob).toBe(1)
    expect(r.probability).toBeCloseTo(0.432, 12)
    expect(r.logProb).toBeCloseTo(Math.log(0.432), 12)
    // Stopping after 天气 instead: 0.6 × 0.9 × P(<end> | 天气) = 0.54 × 0.2 = 0.108.
    expect((await score(sw, [], [1, 2, sw.eos])).probability).toBeCloseTo(0.108, 12)
  })

  it('conditions on the prompt: 气好 after 天 is 0.9 × 0.8 = 0.72', async () => {
    const r = await score(sw, sw.tokenize('天'), sw.tokenize('气好'))
    expect(r.probability).toBeCloseTo(0.72, 12)
  })

  it('gives an impossible text probability 0 and logProb null', async () => {
    // 好 0.4, then 天 after 好: the default row has only <end>, so 0.
    const r = await score(sw, [], sw.tokenize('好天'))
    expect(r.steps.map((s) => s.prob)).toEqual([0.4, 0])
    expect(r.steps[0].logProb).toBeCloseTo(Math.log(0.4), 12)
    expect(r.steps[1].logProb).toBeNull()
    expect(r.probability).toBe(0)
    expect(r.logProb).toBeNull()
    const first = await score(sw, [], sw.tokenize('气'))
    expect([first.probability, first.logProb]).toEqual([0, null])
  })

  it('scores greedy-trap’s "a cat </s>" as 0.45 × 0.9 × 1.0 = 0.405', async () => {
    const r = await score(trap, [], [...trap.tokenize('a cat'), trap.eos])
    expect(r.probability).toBeCloseTo(0.405, 12)
  })

  it('gives the empty text probability 1', async () => {
    const r = await score(sw, [], [])
    expect([r.probability, r.logProb, r.steps]).toEqual([1, 0, []])
  })
})
