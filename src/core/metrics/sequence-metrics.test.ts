// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { run, table } from '../testing/tables'
import { distinctN, endsInRepetition, sequenceMetrics } from './sequence-metrics'

describe('endsInRepetition (Holtzman et al. 2019)', () => {
  it.each([
    [[1, 2, 1, 2, 1, 2], true], // "1 2" three times
    [[9, 1, 2, 1, 2, 1, 2], true], // the loop need only be at the end
    [[1, 2, 1, 2], false], // twice is not enough
    [[1, 2, 1, 2, 1, 2, 9], false], // not at the end
    [[5, 5, 5, 5, 5, 5], true], // "5 5" three times
    [[5, 5, 5, 5, 5], false], // a one-token phrase does not count; "5 5" fits only twice
    [[1, 2, 3, 1, 2, 3, 1, 2, 3], true],
    [[], false],
  ])('%j → %s', (tokens, expected) => {
    expect(endsInRepetition(tokens)).toBe(expected)
  })
})

describe('distinctN', () => {
  it('counts distinct n-grams over all n-grams', () => {
    // 1 2 1 2 3: unigrams 1 2 1 2 3 → 3 distinct of 5; bigrams 12 21 12 23 → 3 of 4; trigrams 121 212 123 → 3 of 3.
    const t = [1, 2, 1, 2, 3]
    expect(distinctN(t, 1)).toBe(3 / 5)
    expect(distinctN(t, 2)).toBe(3 / 4)
    expect(distinctN(t, 3)).toBe(1)
    // Too short for a trigram.
    expect(distinctN([1, 2], 3)).toBeNull()
  })
})

describe('sequenceMetrics', () => {
  // seed-weather-like: 天 .6 → 气 .9 → 好 .8 → <end> 1.
  const sw = table('sw', {
    vocab: ['<start>', '天', '气', '好', '<end>'],
    bos: '<start>',
    eos: '<end>',
    joiner: '',
    rules: [
      { context: ['<start>'], next: { 天: 0.6, 好: 0.4 } },
      { context: ['<start>', '天'], next: { 气: 0.9, 好: 0.1 } },
      { context: ['<start>', '天', '气'], next: { 好: 0.8, '<end>': 0.2 } },
    ],
    default: { '<end>': 1 },
  })

  it('greedy on the textbook model, worked by hand', async () => {
    const r = await run(sw, 'greedy')
    const m = sequenceMetrics(r.sequences[0], r.tree)
    // log-likelihood ln 0.432 = −0.839329; 4 steps (EOS counts): mean −0.209832, perplexity e^0.209832 = 1.233471.
    expect(m.logLikelihood).toBeCloseTo(Math.log(0.432), 12)
    expect(m.length).toBe(4)
    expect(m.meanLogProb).toBeCloseTo(Math.log(0.432) / 4, 12)
    expect(m.perplexity).toBeCloseTo(1.233471, 6)
    // Surprisals −ln 0.6 = 0.510826, −ln 0.9 = 0.105361, −ln 0.8 = 0.223144, 0; mean 0.209833.
    // Variance: (0.300993² + 0.104472² + 0.013311² + 0.209833²)/4 = (0.090597 + 0.010914 + 0.000177 + 0.044030)/4 = 0.036430.
    expect(m.surprisalVariance).toBeCloseTo(0.03643, 5)
    // Entropies: H(.6,.4) = 0.673012, H(.9,.1) = 0.325083, H(.8,.2) = 0.500402, H(1) = 0; mean 0.374624.
    expect(m.steps.map((s) => s.entropy)).toEqual([
      expect.closeTo(0.673012, 6),
      expect.closeTo(0.325083, 6),
      expect.closeTo(0.500402, 6),
      0,
    ])
    expect(m.meanEntropy).toBeCloseTo(0.374624, 6)
    expect(m.steps.map((s) => s.rank)).toEqual([0, 0, 0, 0])
    // Text 天 气 好 (EOS left out): all distinct.
    expect([m.distinct1, m.distinct2, m.distinct3]).toEqual([1, 1, 1])
    expect(m.repetitionPct).toBe(0)
  })

  it('records the rank of a token that was not the most probable', async () => {
    const r = await run(sw, 'beam:width=2')
    // Second sequence: 好 <end> (0.4 at rank 1, then <end> at rank 0).
    const m = sequenceMetrics(r.sequences[1], r.tree)
    expect(r.sequences[1].tokens).toEqual(['好', '<end>'])
    expect(m.steps.map((s) => s.rank)).toEqual([1, 0])
  })

  it('marks a text that ends in a loop, and its low distinct-n', async () => {
    // a → b → a → b … forever (never EOS): 6 tokens "a b a b a b".
    const loop = table('loop', {
      vocab: ['<s>', 'a', 'b', '</s>'],
      rules: [
        { context: ['a'], next: { b: 1 } },
        { context: ['b'], next: { a: 1 } },
        { context: ['<s>'], next: { a: 1 } },
      ],
    })
    const r = await run(loop, 'greedy', { maxTokens: 6 })
    const m = sequenceMetrics(r.sequences[0], r.tree)
    expect(r.sequences[0].tokens).toEqual(['a', 'b', 'a', 'b', 'a', 'b'])
    expect(m.repetitionPct).toBe(100)
    // 2 distinct of 6 unigrams, 2 of 5 bigrams (ab, ba), 2 of 4 trigrams (aba, bab).
    expect([m.distinct1, m.distinct2, m.distinct3]).toEqual([2 / 6, 2 / 5, 2 / 4])
    expect(m.perplexity).toBe(1)
    expect(m.surprisalVariance).toBe(0)
  })
})
