// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decode } from '../decode'
import { InputError } from '../errors'
import type { TableModel } from '../models/table-model'
import { parseStrategySpec } from '../strategy-spec'
import { nodeAt, table, tableModel } from '../testing/tables'
import type { LanguageModel, RunResult } from '../types'

const noSeed = () => {
  throw new Error('test specs carry their seed')
}

async function speculate(
  target: LanguageModel,
  draft: LanguageModel,
  spec: string,
  maxTokens: number,
): Promise<RunResult> {
  return decode(target, [], parseStrategySpec(spec, noSeed), { maxTokens, topN: 10, draftModel: draft })
}

const vocab = ['<s>', 'a', 'b', 'c', '</s>']

// The target: the first two tokens have the distribution TARGET_PAIRS below.
const target = table('target', {
  vocab,
  rules: [
    { context: ['<s>'], next: { a: 0.5, b: 0.3, c: 0.2 } },
    { context: ['<s>', 'a'], next: { a: 0.1, b: 0.6, c: 0.3 } },
    { context: ['<s>', 'b'], next: { a: 0.4, b: 0.4, '</s>': 0.2 } },
    { context: ['<s>', 'c'], next: { c: 0.7, '</s>': 0.3 } },
  ],
  default: { '</s>': 1 },
})

// A draft that disagrees everywhere; after c it proposes a, which the target gives probability 0.
const draft = table('draft', {
  vocab,
  rules: [
    { context: ['<s>'], next: { a: 0.2, b: 0.2, c: 0.6 } },
    { context: ['<s>', 'a'], next: { a: 0.5, b: 0.2, c: 0.3 } },
    { context: ['<s>', 'b'], next: { b: 0.9, '</s>': 0.1 } },
    { context: ['<s>', 'c'], next: { a: 0.5, c: 0.5 } },
  ],
  default: { a: 0.5, '</s>': 0.5 },
})

// P(x1 x2) = P(x1) P(x2 | x1), by hand from the tables.
const TARGET_PAIRS: Record<string, number> = {
  'a a': 0.05,
  'a b': 0.3,
  'a c': 0.15,
  'b a': 0.12,
  'b b': 0.12,
  'b </s>': 0.06,
  'c c': 0.14,
  'c </s>': 0.06,
}
const DRAFT_PAIRS: Record<string, number> = {
  'a a': 0.1,
  'a b': 0.04,
  'a c': 0.06,
  'b b': 0.18,
  'b </s>': 0.02,
  'c a': 0.3,
  'c c': 0.3,
}

/**
 * Pearson's chi-square of the sampled first-two-token pairs against expected probabilities.
 * A pair sampled that the expectation gives 0 makes it Infinity.
 */
function chiSquare(r: RunResult, expected: Record<string, number>): number {
  const counts = new Map<string, number>()
  for (const s of r.sequences) {
    const key = s.tokens.slice(0, 2).join(' ')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const n = r.sequences.length
  let chi = 0
  for (const key of new Set([...counts.keys(), ...Object.keys(expected)])) {
    const e = n * (expected[key] ?? 0)
    const o = counts.get(key) ?? 0
    chi += e === 0 ? (o === 0 ? 0 : Infinity) : (o - e) ** 2 / e
  }
  return chi
}

// 8 pairs, 7 degrees of freedom: P(χ² > 24.32) = 0.001 when the samples follow the expectation.
// The seeds are fixed, so each assertion is deterministic; a correct sampler passes a random seed
// with probability 0.999, and the power check below shows the bound rejects a wrong distribution.
const CHI2_7_AT_0_001 = 24.32
const N = 20_000

describe('speculative sampling is distributed exactly as the target', () => {
  it.each([
    ['lookahead=1', 1],
    ['lookahead=2', 2],
    ['lookahead=4', 4],
  ])('%s: 20,000 samples of the first two tokens pass chi-square against the target', async (_, k) => {
    const r = await speculate(target, draft, `speculative:draft=draft,lookahead=${k},seed=${100 + k},samples=${N}`, 2)
    expect(r.sequences).toHaveLength(N)
    expect(chiSquare(r, TARGET_PAIRS)).toBeLessThan(CHI2_7_AT_0_001)
    // Power: the same samples against the draft's own distribution fail by far (it even has c a, impossible here).
    expect(chiSquare(r, DRAFT_PAIRS)).toBeGreaterThan(1000)
  })

  it('a plain sample run of the target passes the same test', async () => {
    const r = await decode(target, [], parseStrategySpec(`sample:seed=7,samples=${N}`, noSeed), {
      maxTokens: 2,
      topN: 10,
    })
    expect(chiSquare(r, TARGET_PAIRS)).toBeLessThan(CHI2_7_AT_0_001)
  })

  it('with processors it matches the processed target (temperature 0.5, then top-2)', async () => {
    // Squared and renormalised, top 2 kept: root a .25, b .09 → 25/34, 9/34; after a: b .36, c .09 → .8, .2;
    // after b: a .16 = b .16 → .5 each (ties keep the lower id, and both are kept).
    const expected: Record<string, number> = {
      'a b': (25 / 34) * 0.8,
      'a c': (25 / 34) * 0.2,
      'b a': (9 / 34) * 0.5,
      'b b': (9 / 34) * 0.5,
    }
    const r = await speculate(
      target,
      draft,
      `speculative:draft=draft,lookahead=2,temperature=0.5,topK=2,seed=5,samples=${N}`,
      2,
    )
    // 4 pairs, 3 degrees of freedom: P(χ² > 16.27) = 0.001.
    expect(chiSquare(r, expected)).toBeLessThan(16.27)
    // The sequences still report the model's own probabilities.
    const ab = r.sequences.find((s) => s.tokens.join(' ') === 'a b')
    expect(ab?.probability).toBeCloseTo(0.3, 12)
  })
})

describe('acceptance and target calls', () => {
  it('accepts a drafted token with probability Σ min(p, q) = 0.6 at the root', async () => {
    // One token, lookahead 1: min(.5,.2) + min(.3,.2) + min(.2,.6) = 0.6. Binomial sd over 20,000
    // drafts is √(.6 × .4 / 20,000) = 0.0035; 0.015 is over 4 sd.
    const r = await speculate(target, draft, `speculative:draft=draft,lookahead=1,seed=3,samples=${N}`, 1)
    const s = r.speculative
    expect(s).toBeDefined()
    if (!s) return
    expect(Math.abs((s.acceptanceRate ?? 0) - 0.6)).toBeLessThan(0.015)
    // Every round drafts one token and yields one: nothing saved, and exactly N rounds.
    expect(s.drafted).toBe(N)
    expect(s.accepted + s.rejected).toBe(N)
    expect(s.tokens).toBe(N)
    expect(s.targetCalls).toBe(N)
    expect(s.targetCallsSaved).toBe(0)
  })

  it('with the target as its own draft accepts everything: one round per lookahead + 1 tokens', async () => {
    const sw = tableModel(
      'seed-weather',
      JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/models/seed-weather.table.json'), 'utf8')),
    )
    const swDraft = tableModel('sw-draft', sw.data)
    for (const k of [1, 3]) {
      const r = await speculate(sw, swDraft, `speculative:draft=sw-draft,lookahead=${k},seed=9,samples=50`, 32)
      const s = r.speculative
      if (!s) throw new Error('no speculative stats')
      const lengths = r.sequences.map((x) => x.tokens.length)
      const tokens = lengths.reduce((a, b) => a + b, 0)
      expect(s.acceptanceRate).toBe(1)
      expect(s.rejected).toBe(0)
      expect(s.tokens).toBe(tokens)
      // A round yields k accepted tokens and one more from the target, or stops at <end>.
      // Lengths are at most 4, so with k = 3 every sequence takes one round; with k = 1, ⌈length / 2⌉.
      const rounds = lengths.reduce((sum, n) => sum + Math.ceil(n / (k + 1)), 0)
      expect(s.targetCalls).toBe(rounds)
      expect(s.targetCallsSaved).toBe(tokens - rounds)
      expect(new Set(r.sequences.map((x) => x.text))).toEqual(new Set(['天气好', '天气', '天好', '好']))
    }
  })
})

describe('the tree records what became of each proposal', () => {
  // The draft always proposes b then c; the target takes b with .5/1 and c after b with .5/1.
  // A rejected b is replaced by a (the residual max(0, p − q) is all on a).
  const t = table('t', {
    vocab,
    rules: [
      { context: ['<s>'], next: { a: 0.5, b: 0.5 } },
      { context: ['<s>', 'b'], next: { c: 0.5, '</s>': 0.5 } },
    ],
    default: { '</s>': 1 },
  })
  const d = table('d', {
    vocab,
    rules: [
      { context: ['<s>'], next: { b: 1 } },
      { context: ['<s>', 'b'], next: { c: 1 } },
    ],
    default: { '</s>': 1 },
  })

  it('counts proposals, acceptances and rejections on the drafted nodes', async () => {
    const r = await speculate(t, d, 'speculative:draft=d,lookahead=2,seed=21,samples=200', 2)
    const b = nodeAt(r.tree, 'b')
    const bc = nodeAt(r.tree, 'b', 'c')
    const a = nodeAt(r.tree, 'a')
    const startsWith = (tok: string) => r.sequences.filter((s) => s.tokens[0] === tok).length
    expect(b.draft?.proposed).toBe(200)
    expect((b.draft?.accepted ?? 0) + (b.draft?.rejected ?? 0)).toBe(200)
    expect(b.draft?.accepted).toBe(startsWith('b'))
    expect(b.draft?.rejected).toBe(startsWith('a'))
    // Both outcomes happen (each has probability 1/2 over 200 samples).
    expect(startsWith('a')).toBeGreaterThan(0)
    expect(startsWith('b')).toBeGreaterThan(0)
    // b c is proposed every round, but checked only after an accepted b.
    expect(bc.draft?.proposed).toBe(200)
    expect((bc.draft?.accepted ?? 0) + (bc.draft?.rejected ?? 0)).toBe(b.draft?.accepted)
    expect(bc.draft?.accepted).toBe(r.sequences.filter((s) => s.tokens.join(' ') === 'b c').length)
    // a was never drafted: it came from the residual.
    expect(a.draft).toBeUndefined()
    expect(a.status).toBe('chosen')
    expect(b.status).toBe('chosen')
    // After a rejected b the next round drafts </s> after a, which the target (</s> 1) always accepts.
    expect(nodeAt(r.tree, 'a', '</s>').draft).toEqual({
      proposed: startsWith('a'),
      accepted: startsWith('a'),
      rejected: 0,
    })
    // The run's totals are the sums over the tree (no proposal here has target probability 0).
    const sum = (k: 'proposed' | 'accepted' | 'rejected') => r.tree.reduce((acc, n) => acc + (n.draft?.[k] ?? 0), 0)
    const s = r.speculative
    expect(s?.drafted).toBe(400 + startsWith('a'))
    expect(s?.drafted).toBe(sum('proposed'))
    expect(s?.accepted).toBe(sum('accepted'))
    expect(s?.rejected).toBe(sum('rejected'))
  })

  it('a rejected proposal that never won is pruned', async () => {
    // Target a .9 / b .1 at the root, draft always b: acceptance .1; over 3 samples with this seed
    // b is rejected every time, so it keeps the status pruned.
    const t2 = table('t2', { vocab, rules: [{ context: ['<s>'], next: { a: 0.9, b: 0.1 } }], default: { '</s>': 1 } })
    const r = await speculate(t2, d, 'speculative:draft=d,lookahead=1,seed=2,samples=3', 1)
    const b = nodeAt(r.tree, 'b')
    expect(b.draft).toEqual({ proposed: 3, accepted: 0, rejected: 3 })
    expect(b.status).toBe('pruned')
    expect(r.sequences.map((x) => x.text)).toEqual(['a', 'a', 'a'])
  })
})

describe('bad drafts', () => {
  it('refuses a draft model with another vocabulary', async () => {
    const other = table('other', { vocab: ['<s>', 'a', 'b', 'x', '</s>'], default: { '</s>': 1 } })
    const err = await speculate(target, other, 'speculative:draft=other,seed=1', 2).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toBe(
      'the draft model other cannot draft for target: token 3 is "x" there and "c" here; speculative decoding needs one shared vocabulary',
    )
  })

  it('fails without a loaded draft model', async () => {
    await expect(
      decode(target as TableModel, [], parseStrategySpec('speculative:draft=draft,seed=1', noSeed), {
        maxTokens: 2,
        topN: 10,
      }),
    ).rejects.toThrow('speculative decoding needs its draft model (draft) loaded')
  })
})
