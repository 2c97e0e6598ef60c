// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { seedWeather } from '../testing/builtin-tables'
import { table } from '../testing/tables'
import type { LanguageModel } from '../types'
import { exactOptimum } from './exact-optimum'

/** Two tokens at 0.5 for ever: no sequence ends before maxTokens, and every one ties. */
const coin = table('coin', { vocab: ['<s>', 'x', 'y', '</s>'], default: { x: 0.5, y: 0.5 } })

describe('exactOptimum', () => {
  it('proves 天 气 好 <end> (0.432) on seed-weather', async () => {
    const r = await exactOptimum(seedWeather, [], 8)
    expect(r.logProb).toBeCloseTo(Math.log(0.432), 14)
    expect(r.note).toBeUndefined()
  })

  it('says which limit stopped it: hypotheses, then time', async () => {
    expect(await exactOptimum(coin, [], 32, { budget: 100 })).toEqual({
      logProb: null,
      note: 'search gap unknown (exact search: the budget of 100 hypotheses was spent first); the optimum was not proven',
    })
    // A time limit of 0 ms has passed at its first check: after the root's expansion and the first hypothesis's.
    expect(await exactOptimum(coin, [], 32, { timeMs: 0 })).toEqual({
      logProb: null,
      note: 'search gap unknown (exact search: stopped after 2 expansions, at its time limit of 0 ms); the optimum was not proven',
    })
  })

  it('skips the search when the memory limit cannot hold one distribution per token of a path', async () => {
    // A llama.cpp-like model holds 4 bytes per vocabulary entry per expansion: 5 tokens × 4 bytes × 4 steps = 80 bytes.
    const logits: LanguageModel = {
      id: 'five',
      kind: 'gguf',
      vocabSize: 5,
      bos: 0,
      eos: 4,
      tokenize: () => [],
      tokenText: (id) => String(id),
      detokenize: (ids) => ids.join(' '),
      next: async () => ({ kind: 'logits', logits: new Float32Array([-Infinity, 0, 0, 0, 1]) }),
    }
    expect(await exactOptimum(logits, [], 4, { memoryBytes: 79 })).toEqual({
      logProb: null,
      note: "search gap skipped: 4 tokens of a 5-token vocabulary need more than the exact search's memory limit of 79 bytes",
    })
    // With 80 bytes it runs: 1 (EOS, p = e/(3 + e)) is the best complete sequence.
    const ran = await exactOptimum(logits, [], 4, { memoryBytes: 80 })
    expect(ran.logProb).toBeCloseTo(1 - Math.log(3 + Math.E), 14)
  })
})
