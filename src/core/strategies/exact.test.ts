// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { contextOf } from '../decode'
import { DecodeContext } from '../decode-context'
import type { TableModel } from '../models/table-model'
import { seededRandom } from '../rng'
import { run, table, tokenTexts } from '../testing/tables'
import type { TokenId } from '../types'
import { exact } from './exact'

describe('exact', () => {
  it('stops on its memory estimate, not proven optimal, and says why', async () => {
    // Halves for ever: no sequence completes before maxTokens. Expanding the root and then "a" leaves
    // 2 hypotheses in the frontier (64 bytes each), 2 expansions (a 2-token distribution and its 2
    // generated candidates, 24 + 40 bytes each) and 5 tree nodes (160 each): 128 + 128 + 800 = 1056 bytes.
    const halves = table('halves', { vocab: ['<s>', 'a', 'b', '</s>'], default: { a: 0.5, b: 0.5 } })
    const search = async (memoryBytes: number) => {
      const ctx = new DecodeContext(halves, contextOf(halves, []), { maxTokens: 30, topN: 10 })
      const out = await exact(ctx, { budget: 1000 }, memoryBytes)
      return { out, warnings: [...ctx.warnings], nodes: ctx.tree.nodes.length }
    }
    const stopped = await search(1055)
    expect(stopped.out.optimal).toBe(false)
    expect(stopped.warnings).toEqual([
      'exact: stopped after 2 expansions, when its frontier and tree reached the memory limit of 1055 bytes (estimated); the sequence is the best found, not proven optimal',
    ])
    expect(stopped.nodes).toBe(5)
    expect(stopped.out.sequences[0].tokens).toEqual(['a'])
    expect((await search(1056)).nodes).toBeGreaterThan(5)
  })

  it('says so when the budget is spent first', async () => {
    const halves = table('halves', { vocab: ['<s>', 'a', 'b', '</s>'], default: { a: 0.5, b: 0.5 } })
    const r = await run(halves, 'exact:budget=3', { maxTokens: 30 })
    expect(r.optimal).toBe(false)
    expect(r.warnings).toEqual([
      'exact: the budget of 3 hypotheses was spent first; the sequence is the best found, not proven optimal',
    ])
  })

  it('breaks ties towards the lower token id, token by token', async () => {
    // p r </s> = q s </s> = 0.5 × 0.6 = 0.3: p r wins on its first token.
    const ties = table('ties', {
      vocab: ['<s>', 'p', 'q', 'r', 's', '</s>'],
      rules: [
        { context: ['<s>'], next: { q: 0.5, p: 0.5 } },
        { context: ['<s>', 'p'], next: { s: 0.4, r: 0.6 } },
        { context: ['<s>', 'q'], next: { r: 0.4, s: 0.6 } },
      ],
      default: { '</s>': 1 },
    })
    const r = await run(ties, 'exact')
    expect(tokenTexts(r)).toEqual(['p r </s>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.3, 12)
    expect(r.optimal).toBe(true)
  })

  it('counts reaching maxTokens as complete', async () => {
    // maxTokens 2: a b (0.6 × 1, unfinished) beats c </s> (0.4).
    const m = table('long', {
      vocab: ['<s>', 'a', 'b', 'c', '</s>'],
      rules: [
        { context: ['<s>'], next: { a: 0.6, c: 0.4 } },
        { context: ['<s>', 'a'], next: { b: 1 } },
        { context: ['<s>', 'a', 'b'], next: { '</s>': 0.1, b: 0.9 } },
      ],
      default: { '</s>': 1 },
    })
    const r = await run(m, 'exact', { maxTokens: 2 })
    expect(tokenTexts(r)).toEqual(['a b'])
    expect(r.sequences[0].finished).toBe(false)
    expect(r.sequences[0].probability).toBeCloseTo(0.6, 12)
    expect(r.optimal).toBe(true)
    // With room to finish: a b </s> = 0.6 × 1 × 0.1 = 0.06, c </s> = 0.4,
    // a b b </s> = 0.6 × 1 × 0.9 × 1 (default after a b b) = 0.54 wins.
    const free = await run(m, 'exact', { maxTokens: 8 })
    expect(tokenTexts(free)).toEqual(['a b b </s>'])
    expect(free.sequences[0].probability).toBeCloseTo(0.54, 12)
    expect(free.sequences[0].finished).toBe(true)
  })
})

/**
 * A random table over tokens a, b, c and EOS with a rule for every context up to `depth`
 * tokens, some probabilities 0. Weights are whole numbers so that sums are exact enough.
 */
function randomTable(seed: number, depth: number): TableModel {
  const random = seededRandom(seed)
  const words = ['a', 'b', 'c']
  const rules: { context: string[]; next: Record<string, number> }[] = []
  const walk = (context: string[]): void => {
    const weights = [...words, '</s>'].map(() => Math.floor(random() * 4))
    if (Math.max(...weights) === 0) weights[3] = 1
    const total = weights.reduce((a, b) => a + b, 0)
    rules.push({ context, next: Object.fromEntries([...words, '</s>'].map((t, i) => [t, weights[i] / total])) })
    if (context.length <= depth) for (const w of words) walk([...context, w])
  }
  walk(['<s>'])
  return table(`random-${seed}`, { vocab: ['<s>', ...words, '</s>'], rules })
}

/** Every complete sequence with its chain-rule probability, by plain enumeration. */
async function enumerate(model: TableModel, maxTokens: number): Promise<{ tokens: TokenId[]; probability: number }[]> {
  const out: { tokens: TokenId[]; probability: number }[] = []
  const visit = async (tokens: TokenId[], probability: number): Promise<void> => {
    const d = await model.next([model.bos, ...tokens])
    if (d.kind !== 'probs') throw new Error('a table model gives probs')
    for (let i = 0; i < d.ids.length; i++) {
      const next = [...tokens, d.ids[i]]
      const p = probability * d.probs[i]
      if (d.ids[i] === model.eos || next.length >= maxTokens) out.push({ tokens: next, probability: p })
      else await visit(next, p)
    }
  }
  await visit([], 1)
  return out
}

describe('exact and beam against enumeration on random tables', () => {
  const maxTokens = 4

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])('seed %s', async (seed) => {
    const model = randomTable(seed, maxTokens - 1)
    const all = await enumerate(model, maxTokens)
    const best = Math.max(...all.map((s) => s.probability))

    const e = await run(model, 'exact', { maxTokens })
    expect(e.optimal).toBe(true)
    expect(e.sequences[0].probability).toBeCloseTo(best, 12)
    const own = all.find((s) => s.tokens.join() === e.sequences[0].tokenIds.join())
    expect(own?.probability).toBeCloseTo(best, 12)

    // A beam wide enough for every hypothesis ends with all complete sequences, best first.
    const b = await run(model, 'beam:width=1024', { maxTokens })
    expect(b.sequences).toHaveLength(all.length)
    const expected = all.map((s) => s.probability).sort((x, y) => y - x)
    b.sequences.forEach((s, i) => expect(s.probability).toBeCloseTo(expected[i], 12))
    expect(b.sequences[0].tokenIds).toEqual(e.sequences[0].tokenIds)

    // Greedy never beats the optimum.
    const [g] = (await run(model, 'greedy', { maxTokens })).sequences
    expect(g.probability).toBeLessThanOrEqual(best + 1e-15)
  })
})
