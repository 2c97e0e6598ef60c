// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { run, table, tokenTexts } from '../testing/tables'

// Root: a .5, b .3, c .2; after a: x .6, y .4; after b: x .7, y .3; after c: x 1; then </s>.
const m = table('diverse', {
  vocab: ['<s>', 'a', 'b', 'c', 'x', 'y', '</s>'],
  rules: [
    { context: ['<s>'], next: { a: 0.5, b: 0.3, c: 0.2 } },
    { context: ['<s>', 'a'], next: { x: 0.6, y: 0.4 } },
    { context: ['<s>', 'b'], next: { x: 0.7, y: 0.3 } },
    { context: ['<s>', 'c'], next: { x: 1 } },
  ],
  default: { '</s>': 1 },
})

describe('diverse beam search (Hugging Face semantics)', () => {
  it('plain beam of width 2 ends with a x and b x', async () => {
    // a x .3, a y .2, b x .21, b y .09 → a x, b x.
    expect(tokenTexts(await run(m, 'beam:width=2'))).toEqual(['a x </s>', 'b x </s>'])
  })

  it('two groups of one beam with penalty 1 end with a x and b y', async () => {
    // Step 1. Group 0: a (ln .5 = −0.693147). Group 1: a penalised once: −0.693147 − 1 = −1.693147 < b (ln .3 = −1.203973) → b.
    // Step 2. Group 0: a x = −0.693147 + ln .6 = −1.203973. Group 1: b x = −1.203973 + ln .7 − 1 = −2.560648,
    // b y = −1.203973 + ln .3 = −2.407946 → b y.
    // Step 3: both take </s> (EOS is never penalised).
    const r = await run(m, 'beam:width=2,groups=2,diversityPenalty=1')
    expect(tokenTexts(r)).toEqual(['a x </s>', 'b y </s>'])
    // The reported probabilities are the model's own: .5 × .6 = .3 and .3 × .3 = .09.
    expect(r.sequences[0].probability).toBeCloseTo(0.3, 12)
    expect(r.sequences[1].probability).toBeCloseTo(0.09, 12)
  })

  it('a small penalty lets the later group follow: penalty 0.1 ends with a x and b x', async () => {
    // Step 1, group 1: a − 0.1 = −0.793147 still beats b (−1.203973) → a. Step 2: a x −0.793147 + ln .6 − 0.1
    // = −1.404973 beats a y −0.793147 + ln .4 = −1.709438 → a x again: the groups coincide.
    expect(tokenTexts(await run(m, 'beam:width=2,groups=2,diversityPenalty=0.1'))).toEqual(['a x </s>', 'a x </s>'])
    // Penalty 0.5: step 1 a −1.193147 beats b −1.203973 by 0.010826 → a; step 2 a x −1.193147 − 0.510826 − 0.5 = −2.203973
    // vs a y −1.193147 − 0.916291 = −2.109438 → a y.
    expect(tokenTexts(await run(m, 'beam:width=2,groups=2,diversityPenalty=0.5'))).toEqual(['a x </s>', 'a y </s>'])
  })

  it('groups=1 is plain beam search', async () => {
    expect(tokenTexts(await run(m, 'beam:width=2,groups=1'))).toEqual(['a x </s>', 'b x </s>'])
  })
})
