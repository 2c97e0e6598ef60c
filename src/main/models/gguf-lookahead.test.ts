// @vitest-environment node
// Greedy's evaluation ahead (GgufModel.lookahead): the next token is decoded while the caller records
// the last step, its row summarised meanwhile. Nothing a run records may change, and a wrong guess
// (a forced token, another strategy's call) must give what a model without it gives.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decode } from '../../core/decode'
import { summarize } from '../../core/distribution'
import type { LanguageModel, TokenId } from '../../core/types'
import { type GgufLanguageModel, loadGgufModel } from './gguf-model'

const SHIPPED = path.join(__dirname, '..', '..', '..', 'resources', 'models', 'tang-poems.gguf')

let ahead: GgufLanguageModel
let plain: GgufLanguageModel

beforeAll(async () => {
  ahead = await loadGgufModel(SHIPPED, { sequences: 4 })
  plain = await loadGgufModel(SHIPPED, { sequences: 4 })
})

afterAll(async () => {
  await ahead?.dispose()
  await plain?.dispose()
})

/** The model without the hint: what every run did before it. */
function withoutLookahead(m: GgufLanguageModel): LanguageModel {
  return new Proxy(m, {
    get(target, key) {
      if (key === 'lookahead') return undefined
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

describe('greedy evaluation ahead on tang-poems', () => {
  it('records the same tree as without it, and evaluates no token more (the last step looks no further)', async () => {
    for (const pooled of [false, true]) {
      if (pooled) {
        ahead.poolLogits()
        plain.poolLogits()
      }
      const prompt = await ahead.tokenize('《春')
      const before = [ahead.stats.tokensEvaluated, plain.stats.tokensEvaluated]
      const hits = ahead.stats.aheadHits
      const opts = { maxTokens: 24, topN: 10 }
      const a = await decode(ahead, prompt, { name: 'greedy', params: {} }, opts)
      const b = await decode(withoutLookahead(plain), prompt, { name: 'greedy', params: {} }, opts)
      expect(a.sequences[0].tokenIds.length).toBe(24)
      expect(a.tree).toEqual(b.tree)
      expect(a.sequences).toEqual(b.sequences)
      expect(ahead.stats.tokensEvaluated - before[0]).toBe(plain.stats.tokensEvaluated - before[1])
      // Every step after the first was answered by the evaluation ahead.
      expect(ahead.stats.aheadHits - hits).toBe(23)
      expect(plain.stats.aheadHits).toBe(0)
    }
  })

  it('a wrong guess: after a step looked ahead, another continuation gets the distribution a fresh call gives', async () => {
    const prompt = [ahead.bos as TokenId, ...(await ahead.tokenize('《秋'))]
    const top = (d: Awaited<ReturnType<LanguageModel['next']>>) => summarize(d, 10)
    ahead.lookahead(true)
    const first = top(await ahead.next(prompt))
    // The guess is first.ids[0]; the second most probable is asked instead, then the guess after all.
    const second = [...prompt, first.ids[1]]
    const guess = [...prompt, first.ids[0]]
    const got = [top(await ahead.next(second)), top(await ahead.next(guess))]
    ahead.lookahead(false)
    expect(ahead.stats.aheadMisses).toBeGreaterThan(0)
    await plain.clearCache?.()
    const want = [top(await plain.next(second)), top(await plain.next(guess))]
    expect(got.map((s) => Array.from(s.ids))).toEqual(want.map((s) => Array.from(s.ids)))
    for (let k = 0; k < 2; k++) {
      for (let i = 0; i < 10; i++) expect(got[k].probs[i]).toBeCloseTo(want[k].probs[i], 6)
      expect(got[k].entropy).toBeCloseTo(want[k].entropy as number, 6)
    }
    // Beam's calls (several contexts) after a look ahead are unaffected too.
    ahead.lookahead(true)
    await ahead.next(prompt)
    const many = await ahead.nextMany([second, guess])
    ahead.lookahead(false)
    const manyPlain = await plain.nextMany([second, guess])
    expect(many.map((d) => Array.from(top(d).ids))).toEqual(manyPlain.map((d) => Array.from(top(d).ids)))
  })
})
