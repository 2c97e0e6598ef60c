// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { run, table } from '../testing/tables'
import type { RunResult, TreeNode } from '../types'

// One step: a .1, b .2, c .3, d .4 (ranking d, c, b, a), then EOS.
const oneStep = table('one-step', {
  vocab: ['<s>', 'a', 'b', 'c', 'd', '</s>'],
  rules: [{ context: ['<s>'], next: { a: 0.1, b: 0.2, c: 0.3, d: 0.4 } }],
  default: { '</s>': 1 },
})
// The same distribution at every step, never EOS.
const loop = table('loop', { vocab: ['<s>', 'a', 'b', 'c', 'd', '</s>'], default: { a: 0.1, b: 0.2, c: 0.3, d: 0.4 } })

/** The root's children by token text: processed probability and the processor that removed it. */
function firstStep(r: RunResult): Record<string, [number | null | undefined, string | null | undefined]> {
  return Object.fromEntries(r.tree.filter((n) => n.parent === 0).map((n) => [n.text, [n.processedProb, n.filteredBy]]))
}

function expectStep(r: RunResult, expected: Record<string, [number, string | null]>): void {
  const got = firstStep(r)
  expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort())
  for (const [t, [p, by]] of Object.entries(expected)) {
    expect(got[t][0], `${t}: processedProb`).toBeCloseTo(p, 9)
    expect(got[t][1], `${t}: filteredBy`).toBe(by)
  }
}

describe('sampling records the processed distribution on every stored candidate', () => {
  it('hf: temperature 0.5 then top-k 2 → d 0.64, c 0.36; b and a removed by topK', async () => {
    // Squared: .16, .09, .04, .01 over .30; top-k 2 keeps d, c: 16/25, 9/25.
    const r = await run(oneStep, 'sample:temperature=0.5,topK=2,order=hf,seed=1', { maxTokens: 1 })
    expectStep(r, { d: [0.64, null], c: [0.36, null], b: [0, 'topK'], a: [0, 'topK'] })
    // The recorded probability stays the model's own.
    expect(r.tree.find((n) => n.text === 'd')?.prob).toBe(0.4)
  })

  it('llama: top-k 3 removes a first, then min-p 0.6 removes b (2/9 < 0.6 × 4/9)', async () => {
    const r = await run(oneStep, 'sample:topK=3,minP=0.6,order=llama,seed=1', { maxTokens: 1 })
    expectStep(r, { d: [4 / 7, null], c: [3 / 7, null], b: [0, 'minP'], a: [0, 'topK'] })
  })

  it('XTC with probability 1 removes d, the most probable of those at or above the threshold', async () => {
    // Threshold 0.25: d .4 and c .3 clear it, c is the last: d goes; c .5, b 1/3, a 1/6.
    const r = await run(oneStep, 'sample:xtcProbability=1,xtcThreshold=0.25,order=llama,seed=1', { maxTokens: 1 })
    expectStep(r, { d: [0, 'xtc'], c: [0.5, null], b: [1 / 3, null], a: [1 / 6, null] })
  })

  it('DRY penalises the token that would repeat "a b c" after the prompt "a b c a b"', async () => {
    // Context <s> a b c a b: "a b" repeats and was followed by c: c × e^(−1) (multiplier 1, base 1.75^0).
    const z = 0.7 + 0.3 * Math.exp(-1)
    const r = await run(loop, 'sample:dryMultiplier=1,seed=1', { prompt: 'a b c a b', maxTokens: 1 })
    const step = r.tree.filter((n) => n.parent === 0)
    expect(step.find((n) => n.text === 'c')?.processedProb).toBeCloseTo((0.3 * Math.exp(-1)) / z, 12)
    expect(step.find((n) => n.text === 'd')?.processedProb).toBeCloseTo(0.4 / z, 12)
  })

  it('dynamic temperature records the temperature it applied on the expanded node', async () => {
    const r = await run(oneStep, 'sample:dynatempRange=0.5,seed=1', { maxTokens: 1 })
    expect(r.tree[0].sampler?.temperature).toBeCloseTo(1.42322, 5)
    expect(firstStep(r).d[0]).toBeCloseTo(0.356001, 6)
  })

  it('greedy, beam and exact record nothing of the kind', async () => {
    for (const spec of ['greedy', 'beam:width=2', 'exact:budget=100']) {
      const r = await run(oneStep, spec, { maxTokens: 1 })
      for (const n of r.tree)
        expect([n.processedProb, n.filteredBy, n.sampler], spec).toEqual([undefined, undefined, undefined])
    }
  })
})

/** Pearson's χ² of observed counts against expected probabilities. */
function chiSquare(counts: Record<string, number>, expected: Record<string, number>, n: number): number {
  return Object.entries(expected).reduce((x, [t, p]) => x + ((counts[t] ?? 0) - n * p) ** 2 / (n * p), 0)
}

function firstTokens(r: RunResult): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const s of r.sequences) counts[s.tokens[0]] = (counts[s.tokens[0]] ?? 0) + 1
  return counts
}

describe('mirostat', () => {
  it('Mirostat 2, τ = 1: μ = 2τ = 2 keeps d, c (surprise ≤ 2 bits); the first draw fits 4/7, 3/7 (χ², 1 df)', async () => {
    const r = await run(oneStep, 'sample:mirostat=2,mirostatTau=1,seed=3,samples=4000', { maxTokens: 1 })
    expect(r.tree[0].sampler).toEqual({ mirostatMu: 2 })
    expectStep(r, { d: [4 / 7, null], c: [3 / 7, null], b: [0, 'mirostat'], a: [0, 'mirostat'] })
    const counts = firstTokens(r)
    expect(Object.keys(counts).sort()).toEqual(['c', 'd'])
    // 10.83 is χ²'s 0.999 quantile with 1 degree of freedom.
    expect(chiSquare(counts, { d: 4 / 7, c: 3 / 7 }, 4000)).toBeLessThan(10.83)
  })

  it('μ moves by η × (τ − surprise) after each draw, and is recorded on the next node', async () => {
    // After d (4/7): μ = 2 − 0.1 × (0.807355 − 1) = 2.019265; after c (3/7): 2 − 0.1 × (1.222392 − 1) = 1.977761.
    const r = await run(loop, 'sample:mirostat=2,mirostatTau=1,seed=4,samples=40', { maxTokens: 2 })
    const depth1 = r.tree.filter((n) => n.depth === 1 && n.expanded)
    expect(depth1.map((n) => n.text).sort()).toEqual(['c', 'd'])
    const mu = Object.fromEntries(depth1.map((n) => [n.text, n.sampler?.mirostatMu]))
    expect(mu.d).toBeCloseTo(2.019265, 6)
    expect(mu.c).toBeCloseTo(1.977761, 6)
  })

  it('Mirostat 1 on a 6-token vocabulary: k from the Zipf fit, and its chain is temperature alone', async () => {
    // n = 6, μ = 2: ŝ = 0.774054, ε̂ = −0.225946, 1 − 6^0.225946 = −0.499064; k = (0.452740 × 4)^1.291899 = 2.153733 → 2.
    const r = await run(oneStep, 'sample:mirostat=1,mirostatTau=1,topK=3,seed=3', { maxTokens: 1 })
    expectStep(r, { d: [4 / 7, null], c: [3 / 7, null], b: [0, 'mirostat'], a: [0, 'mirostat'] })
    expect(r.warnings).toContain('mirostat replaces the sampler chain, as in llama.cpp: topK had no effect')
  })
})

describe('adaptive-p', () => {
  // Target 0.3 at the first step: logits 4.166667 (d), 5 (c), 4.166667 (b), 2.333333 (a) → see adaptive-p.test.ts.
  const transformed = { d: 0.224172, c: 0.515815, b: 0.224172, a: 0.035841 }

  it('the first draw follows the transformed distribution (χ², 3 df) and the target is recorded', async () => {
    const r = await run(oneStep, 'sample:adaptiveTarget=0.3,seed=5,samples=4000', { maxTokens: 1 })
    expect(r.tree[0].sampler?.adaptiveTarget).toBeCloseTo(0.3, 12)
    for (const [t, p] of Object.entries(transformed)) expect(firstStep(r)[t][0]).toBeCloseTo(p, 6)
    // 16.27 is χ²'s 0.999 quantile with 3 degrees of freedom.
    expect(chiSquare(firstTokens(r), transformed, 4000)).toBeLessThan(16.27)
  })

  it('the EMA reads the drawn token’s probability before the transform: next target 2 × 0.3 − (p + 2.7)/10', async () => {
    const r = await run(loop, 'sample:adaptiveTarget=0.3,seed=6,samples=60', { maxTokens: 2 })
    const next = Object.fromEntries(
      r.tree.filter((n: TreeNode) => n.depth === 1 && n.expanded).map((n) => [n.text, n.sampler?.adaptiveTarget]),
    )
    const expected: Record<string, number> = { d: 0.29, c: 0.3, b: 0.31, a: 0.32 }
    expect(Object.keys(next).length).toBeGreaterThanOrEqual(3)
    for (const [t, v] of Object.entries(next)) expect(v, t).toBeCloseTo(expected[t], 6)
  })
})
