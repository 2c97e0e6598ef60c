// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { sortedCandidates, summarize } from './distribution'
import { LazyCandidates } from './lazy-candidates'
import { seededRandom } from './rng'
import { seedWeather } from './testing/builtin-tables'
import { run } from './testing/tables'
import type { Distribution, LanguageModel, TokenId } from './types'

/** Every candidate a LazyCandidates list generates, read front to back. */
function readAll(c: LazyCandidates): { ids: number[]; probs: number[] } {
  const ids: number[] = []
  const probs: number[] = []
  for (let i = 0; c.has(i); i++) {
    ids.push(c.ids[i])
    probs.push(c.probs[i])
  }
  return { ids, probs }
}

/** Logits with many ties (a few distinct values), masked tokens (−∞) and some that underflow to probability 0. */
function tiedLogits(seed: number, size: number): Float32Array {
  const random = seededRandom(seed)
  return Float32Array.from({ length: size }, () => {
    const r = random()
    if (r < 0.05) return -Infinity
    if (r < 0.1) return -900
    return Math.floor(random() * 12) / 4
  })
}

describe('LazyCandidates', () => {
  it.each([1, 2, 3])(
    'lists the same tokens and probabilities as sortedCandidates, logits with ties (seed %s)',
    (seed) => {
      const logits = tiedLogits(seed, 3000)
      const dist: Distribution = { kind: 'logits', logits }
      const eager = sortedCandidates(dist)
      // With the normaliser summarize computes, and with one of its own.
      for (const lazy of [new LazyCandidates(dist, summarize(dist, 10).normaliser), new LazyCandidates(dist)]) {
        const got = readAll(lazy)
        expect(got.ids).toEqual([...eager.ids])
        expect(got.probs).toEqual([...eager.probs])
      }
      // The masked and underflowing tokens are left out, as sortedCandidates leaves them.
      expect(eager.ids.length).toBeLessThan(3000 * 0.92)
    },
  )

  it.each([1, 2, 3])(
    'lists the same as sortedCandidates for a probs distribution with ties and zeros, in any id order (seed %s)',
    (seed) => {
      const random = seededRandom(seed)
      const n = 500
      const ids = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 1009)
      const weights = Float64Array.from({ length: n }, () => Math.floor(random() * 5))
      const total = weights.reduce((a, b) => a + b, 0)
      const dist: Distribution = { kind: 'probs', ids, probs: weights.map((w) => w / total), otherMass: 0 }
      const eager = sortedCandidates(dist)
      const got = readAll(new LazyCandidates(dist))
      expect(got.ids).toEqual([...eager.ids])
      expect(got.probs).toEqual([...eager.probs])
    },
  )

  it('generates only the front of the list it is asked for', () => {
    const logits = tiedLogits(4, 150_000)
    const lazy = new LazyCandidates({ kind: 'logits', logits })
    expect(lazy.has(0)).toBe(true)
    expect(lazy.count).toBe(16)
    expect(lazy.has(16)).toBe(true)
    expect(lazy.count).toBe(32)
    expect(lazy.has(100)).toBe(true)
    // 32 more wanted 69 (to reach index 100): one pass of max(16, 32, 69).
    expect(lazy.count).toBe(101)
    expect(lazy.bytes).toBe(20 * 101)
  })
})

/**
 * A model over tokens 0..4 (0 BOS, 4 EOS) that gives seeded random logits after every context:
 * the backend kind that exact search used to sort in full at every node.
 */
function logitsModel(seed: number): LanguageModel {
  const logitsAfter = (context: readonly TokenId[]): Float32Array => {
    let h = seed
    for (const t of context) h = (h * 31 + t + 1) % 1_000_003
    const random = seededRandom(h)
    return Float32Array.from({ length: 5 }, (_, i) => (i === 0 ? -Infinity : Math.floor(random() * 8) / 2))
  }
  return {
    id: `logits-${seed}`,
    kind: 'gguf',
    vocabSize: 5,
    bos: 0,
    eos: 4,
    tokenize: () => [],
    tokenText: (id) => 'BabcE'[id],
    detokenize: (ids) => ids.map((id) => 'BabcE'[id]).join(''),
    next: async (context) => ({ kind: 'logits', logits: logitsAfter(context) }),
  }
}

/** The most probable complete sequence (EOS or maxTokens) by plain enumeration, ties to the first found in id order. */
async function bestByEnumeration(
  model: LanguageModel,
  maxTokens: number,
): Promise<{ tokens: TokenId[]; probability: number }> {
  let best = { tokens: [] as TokenId[], probability: -1 }
  const visit = async (tokens: TokenId[], probability: number): Promise<void> => {
    const c = sortedCandidates(await model.next([0, ...tokens]))
    const order = [...c.ids].map((id, i) => ({ id, p: c.probs[i] })).sort((a, b) => a.id - b.id)
    for (const { id, p } of order) {
      const next = [...tokens, id]
      const q = probability * p
      if (id === model.eos || next.length >= maxTokens) {
        if (q > best.probability) best = { tokens: next, probability: q }
      } else {
        await visit(next, q)
      }
    }
  }
  await visit([], 1)
  return best
}

describe('exact search with lazy candidates', () => {
  it('finds 天 气 好 <end> = 0.6 × 0.9 × 0.8 × 1 = 0.432 on the seed-weather table', async () => {
    const r = await run(seedWeather, 'exact', { maxTokens: 8 })
    expect(r.optimal).toBe(true)
    expect(r.sequences[0].tokens).toEqual(['天', '气', '好', '<end>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.432, 15)
  })

  it.each([1, 2, 3, 4, 5, 6])('finds the enumerated optimum of a logits model (seed %s)', async (seed) => {
    const model = logitsModel(seed)
    const best = await bestByEnumeration(model, 4)
    const r = await run(model, 'exact', { maxTokens: 4 })
    expect(r.optimal).toBe(true)
    expect(r.sequences[0].probability).toBeCloseTo(best.probability, 14)
  })
})
