// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { nodeAt, run, table, tokenTexts } from '../testing/tables'

// x </s> = 0.6 (2 tokens); y z w </s> = 0.4 × 1 × 1 × 1 = 0.4 (4 tokens).
const lengths = table('lengths', {
  vocab: ['<s>', 'x', 'y', 'z', 'w', '</s>'],
  rules: [
    { context: ['<s>'], next: { x: 0.6, y: 0.4 } },
    { context: ['<s>', 'x'], next: { '</s>': 1 } },
    { context: ['<s>', 'y'], next: { z: 1 } },
    { context: ['<s>', 'y', 'z'], next: { w: 1 } },
  ],
  default: { '</s>': 1 },
})

describe('beam length penalty', () => {
  // Final ranking by logProb / length^lp, length counting generated tokens with EOS (2 and 4):
  //   lp = 0:   ln 0.6 = −0.5108             vs ln 0.4 = −0.9163
  //   lp = 0.5: −0.5108 / √2 = −0.3612       vs −0.9163 / √4 = −0.4581        → x first
  //   lp = 0.7: −0.5108 / 2^0.7 = −0.3145    vs −0.9163 / 4^0.7 = −0.3472     → x first
  //   lp = 0.9: −0.5108 / 2^0.9 = −0.2737    vs −0.9163 / 4^0.9 = −0.2631     → y z w first
  //   lp = 1:   −0.5108 / 2 = −0.2554        vs −0.9163 / 4 = −0.2291         → y z w first
  it.each([
    [0, ['x </s>', 'y z w </s>']],
    [0.5, ['x </s>', 'y z w </s>']],
    [0.7, ['x </s>', 'y z w </s>']],
    [0.9, ['y z w </s>', 'x </s>']],
    [1, ['y z w </s>', 'x </s>']],
    [2, ['y z w </s>', 'x </s>']],
  ])('lengthPenalty = %s', async (lp, expected) => {
    const r = await run(lengths, `beam:width=2,lengthPenalty=${lp}`)
    expect(tokenTexts(r)).toEqual(expected)
  })

  it('reports each sequence’s own log-probability, not the normalised score', async () => {
    const r = await run(lengths, 'beam:width=2,lengthPenalty=1')
    expect(r.sequences[0].logProb).toBeCloseTo(Math.log(0.4), 12)
    expect(r.sequences[0].probability).toBeCloseTo(0.4, 12)
    expect(r.sequences[1].logProb).toBeCloseTo(Math.log(0.6), 12)
  })
})

describe('beam semantics', () => {
  // Root: a 0.5, </s> 0.3, b 0.2; after a: c 0.9, d 0.1; else </s>.
  const carry = table('carry', {
    vocab: ['<s>', 'a', 'b', 'c', 'd', '</s>'],
    rules: [
      { context: ['<s>'], next: { a: 0.5, '</s>': 0.3, b: 0.2 } },
      { context: ['<s>', 'a'], next: { c: 0.9, d: 0.1 } },
    ],
    default: { '</s>': 1 },
  })

  it('carries a finished hypothesis over unchanged', async () => {
    // Step 1: a .5, </s> .3 (b .2 out). Step 2: a c .45, </s> .3 carried, a d .05 out.
    // Step 3: a c </s> .45, </s> .3 carried.
    const r = await run(carry, 'beam:width=2')
    expect(tokenTexts(r)).toEqual(['a c </s>', '</s>'])
    const [, eosOnly] = r.sequences
    expect(eosOnly.text).toBe('')
    expect(eosOnly.finished).toBe(true)
    expect(eosOnly.probability).toBeCloseTo(0.3, 12)
    // Never extended: the EOS node's own distribution was not asked for.
    expect(nodeAt(r.tree, '</s>').expanded).toBe(false)
  })

  // Exact ties: p r = q s = 0.5 × 0.6 = 0.3; p s = q r = 0.5 × 0.4 = 0.2.
  const ties = table('ties', {
    vocab: ['<s>', 'p', 'q', 'r', 's', '</s>'],
    rules: [
      { context: ['<s>'], next: { q: 0.5, p: 0.5 } },
      { context: ['<s>', 'p'], next: { s: 0.4, r: 0.6 } },
      { context: ['<s>', 'q'], next: { r: 0.4, s: 0.6 } },
    ],
    default: { '</s>': 1 },
  })

  it('breaks ties towards the lower token id, comparing hypotheses token by token', async () => {
    // Width 3 cuts between p s and q r (both 0.2): p < q at the first token, so p s stays,
    // though q r would win on its last token (r < s).
    const r = await run(ties, 'beam:width=3')
    expect(tokenTexts(r)).toEqual(['p r </s>', 'q s </s>', 'p s </s>'])
    ;[0.3, 0.3, 0.2].forEach((p, i) => expect(r.sequences[i].probability).toBeCloseTo(p, 12))
    expect(nodeAt(r.tree, 'q', 'r').status).toBe('pruned')
  })

  it('orders tied finals token by token too', async () => {
    const r = await run(ties, 'beam:width=2')
    expect(tokenTexts(r)).toEqual(['p r </s>', 'q s </s>'])
  })

  it('ends hypotheses at maxTokens, unfinished', async () => {
    // seed-weather-like: after 2 tokens 天气 (0.54) is complete but unfinished; 好<end> (0.4) finished.
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
    const r = await run(sw, 'beam:width=2', { maxTokens: 2 })
    expect(tokenTexts(r)).toEqual(['天 气', '好 <end>'])
    expect(r.sequences.map((s) => s.finished)).toEqual([false, true])
    expect(r.sequences[0].probability).toBeCloseTo(0.54, 12)
    expect(nodeAt(r.tree, '天', '气').expanded).toBe(false)

    const one = await run(sw, 'beam:width=3', { maxTokens: 1 })
    expect(tokenTexts(one)).toEqual(['天', '好'])
    expect(one.sequences.map((s) => s.finished)).toEqual([false, false])
  })

  it('can drop the first step’s best hypothesis entirely', async () => {
    // x .6 spreads over four tokens (.15 each); y .4 over two (.24, .16): both finals come from y.
    const m = table('spread', {
      vocab: ['<s>', 'x', 'y', 'a', 'b', 'c', 'd', '</s>'],
      rules: [
        { context: ['<s>'], next: { x: 0.6, y: 0.4 } },
        { context: ['<s>', 'x'], next: { a: 0.25, b: 0.25, c: 0.25, d: 0.25 } },
        { context: ['<s>', 'y'], next: { a: 0.6, b: 0.4 } },
      ],
      default: { '</s>': 1 },
    })
    const r = await run(m, 'beam:width=2')
    expect(tokenTexts(r)).toEqual(['y a </s>', 'y b </s>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.24, 12)
    expect(r.sequences[1].probability).toBeCloseTo(0.16, 12)
  })
})
