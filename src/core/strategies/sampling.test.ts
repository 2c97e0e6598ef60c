// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DecodeError } from '../errors'
import { run, table, tableModel } from '../testing/tables'
import type { Distribution, LanguageModel, RunResult } from '../types'

const sw = tableModel(
  'seed-weather',
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../resources/models/seed-weather.table.json'), 'utf8')),
)

// One step: a .1, b .2, c .3, d .4 (ranking d, c, b, a); with maxTokens 1 every sample is one token.
const oneStep = table('one-step', {
  vocab: ['<s>', 'a', 'b', 'c', 'd', '</s>'],
  rules: [{ context: ['<s>'], next: { a: 0.1, b: 0.2, c: 0.3, d: 0.4 } }],
  default: { '</s>': 1 },
})

function frequencies(r: RunResult): Record<string, number> {
  const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 }
  for (const s of r.sequences) counts[s.text]++
  return Object.fromEntries(Object.entries(counts).map(([t, n]) => [t, n / r.sequences.length]))
}

describe('sampling frequencies match the processed distribution', () => {
  it.each([
    // spec, expected frequency of a, b, c, d
    ['sample:seed=11', [0.1, 0.2, 0.3, 0.4]],
    // p = 0.7: d .4 + c .3 reaches 0.7 → 4/7, 3/7.
    ['nucleus:p=0.7,seed=12', [0, 0, 3 / 7, 4 / 7]],
    // p = 0.8: .4 + .3 < .8, + .2 → 2/9, 3/9, 4/9.
    ['nucleus:p=0.8,seed=13', [0, 2 / 9, 3 / 9, 4 / 9]],
    // Tempered by 0.5: .01, .04, .09, .16 over .30; top-p 0.8 keeps d, c → .16/.25, .09/.25.
    ['nucleus:p=0.8,temperature=0.5,seed=14', [0, 0, 0.36, 0.64]],
    ['topk:k=2,seed=15', [0, 0, 3 / 7, 4 / 7]],
    ['topk:k=3,temperature=0.5,seed=16', [0, 0.04 / 0.29, 0.09 / 0.29, 0.16 / 0.29]],
    // Temperature 2: √p normalised by √.1 + √.2 + √.3 + √.4 ≈ 1.943619.
    ['sample:temperature=2,seed=17', [0.1, 0.2, 0.3, 0.4].map((p) => Math.sqrt(p) / 1.943619451)],
  ] as const)('%s', async (spec, expected) => {
    const r = await run(oneStep, `${spec},samples=4000`, { maxTokens: 1 })
    expect(r.sequences).toHaveLength(4000)
    const f = frequencies(r)
    ;['a', 'b', 'c', 'd'].forEach((t, i) => {
      if (expected[i] === 0) expect(f[t], `${t} was filtered`).toBe(0)
      else expect(Math.abs(f[t] - expected[i]), `${t}: ${f[t]} vs ${expected[i]}`).toBeLessThan(0.025)
    })
  })

  it.each([10, 1])('records the model’s own probabilities, untempered and untruncated (topN %s)', async (topN) => {
    // With topN 1 only d is stored on expansion, so a drawn c is created by the sampler itself.
    const r = await run(oneStep, 'nucleus:p=0.7,temperature=0.5,seed=3,samples=50', { maxTokens: 1, topN })
    const own: Record<string, number> = { c: 0.3, d: 0.4 }
    expect(new Set(r.sequences.map((s) => s.text))).toEqual(new Set(['c', 'd']))
    for (const s of r.sequences) {
      expect(s.probability).toBe(own[s.text])
      expect(s.steps[0].prob).toBe(own[s.text])
      expect(s.finished).toBe(false)
    }
    expect(r.tree.filter((n) => n.parent === 0).map((n) => [n.text, n.prob, n.rank])).toEqual(
      expect.arrayContaining([
        ['d', 0.4, 0],
        ['c', 0.3, 1],
      ]),
    )
  })
})

describe('seeds', () => {
  const outcome = (r: RunResult) => r.sequences.map((s) => s.tokens.join(' '))
  const withSeed = (spec: string, seed: number) => `${spec}${spec.includes(':') ? ',' : ':'}seed=${seed},samples=5`

  it.each(['nucleus:p=0.9', 'topk:k=2', 'sample'])('%s: the same seed gives the same run', async (spec) => {
    const a = await run(sw, withSeed(spec, 99))
    const b = await run(sw, withSeed(spec, 99))
    expect(outcome(a)).toEqual(outcome(b))
    expect(b.sequences.map((s) => s.probability)).toEqual(a.sequences.map((s) => s.probability))
    expect(b.tree).toEqual(a.tree)
  })

  it.each(['nucleus:p=0.9', 'topk:k=2', 'sample'])(
    '%s: different seeds generally give different runs',
    async (spec) => {
      const runs = new Set<string>()
      for (let seed = 1; seed <= 8; seed++) runs.add(JSON.stringify(outcome(await run(sw, withSeed(spec, seed)))))
      expect(runs.size).toBeGreaterThan(1)
    },
  )

  it('every sampled sequence of seed-weather is one the model allows, with its chain-rule probability', async () => {
    // The complete sequences and their probabilities, by hand.
    const allowed: Record<string, number> = {
      '天 气 好 <end>': 0.6 * 0.9 * 0.8,
      '天 气 <end>': 0.6 * 0.9 * 0.2,
      '天 好 <end>': 0.6 * 0.1,
      '好 <end>': 0.4,
    }
    const r = await run(sw, 'sample:seed=5,samples=200')
    const seen = new Set<string>()
    for (const s of r.sequences) {
      const key = s.tokens.join(' ')
      seen.add(key)
      expect(Object.keys(allowed)).toContain(key)
      expect(s.probability).toBeCloseTo(allowed[key], 12)
      expect(s.finished).toBe(true)
    }
    // P(a given one never appears in 200 draws) ≤ 0.94^200: all four show up.
    expect(seen.size).toBe(4)
  })
})

/** A model whose distributions are given per generated length; ids: a 0, b 1, </s> 2. */
function stub(steps: Distribution[]): LanguageModel {
  const vocab = ['a', 'b', '</s>']
  return {
    id: 'stub',
    kind: 'remote',
    vocabSize: 3,
    bos: null,
    eos: 2,
    tokenize: () => [],
    tokenText: (id) => vocab[id],
    detokenize: (ids) =>
      ids
        .filter((id) => id !== 2)
        .map((id) => vocab[id])
        .join(' '),
    next: async (context) => steps[Math.min(context.length, steps.length - 1)],
  }
}

const probs = (ids: number[], ps: number[], otherMass = 0): Distribution => ({
  kind: 'probs',
  ids: Int32Array.from(ids),
  probs: Float64Array.from(ps),
  otherMass,
})

describe('partial and empty distributions', () => {
  it('warns when a cut falls beyond what a partial distribution lists, and draws from the listed tokens', async () => {
    // Only a (0.5) is listed, 0.5 unknown: p = 0.9 cannot be reached within the listed part.
    const m = stub([probs([0], [0.5], 0.5), probs([2], [1])])
    const r = await run(m, 'nucleus:p=0.9,seed=1,samples=3')
    expect(r.warnings).toEqual([
      'a truncation cut fell beyond the tokens a partial distribution listed; it kept every listed token',
    ])
    expect(r.sequences.map((s) => s.tokens)).toEqual([
      ['a', '</s>'],
      ['a', '</s>'],
      ['a', '</s>'],
    ])
    expect(r.sequences[0].probability).toBeCloseTo(0.5, 12)
    // p = 0.5 is met by the listed part: no warning.
    expect((await run(m, 'nucleus:p=0.5,seed=1')).warnings).toEqual([])
  })

  it('fails with a DecodeError when no token has a non-zero probability', async () => {
    const m = stub([probs([], [], 0)])
    await expect(run(m, 'sample:seed=1')).rejects.toThrow(DecodeError)
    await expect(run(m, 'greedy')).rejects.toThrow('the model gives no token a non-zero probability after ""')
    // Beam and exact fail alike rather than return no sequence or an empty one.
    await expect(run(m, 'beam:width=2')).rejects.toThrow(DecodeError)
    await expect(run(m, 'exact')).rejects.toThrow(DecodeError)
  })

  it('beam drops a hypothesis that has no continuation and fails only when all have none', async () => {
    // After a: nothing; after b: </s>. Root: a .6, b .4. Width 2 keeps both; only b </s> survives.
    const deadEnd: LanguageModel = {
      ...stub([]),
      next: async (context) =>
        context.length === 0 ? probs([0, 1], [0.6, 0.4]) : context[0] === 0 ? probs([], [], 0) : probs([2], [1]),
    }
    const r = await run(deadEnd, 'beam:width=2')
    expect(r.sequences.map((s) => s.tokens)).toEqual([['b', '</s>']])
    expect(r.sequences[0].probability).toBeCloseTo(0.4, 12)
  })
})
