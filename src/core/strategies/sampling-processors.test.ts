// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { DecodeError } from '../errors'
import { run, table } from '../testing/tables'

// One step: a .1, b .2, c .3, d .4 (ranking d, c, b, a).
const oneStep = table('one-step', {
  vocab: ['<s>', 'a', 'b', 'c', 'd', '</s>'],
  rules: [{ context: ['<s>'], next: { a: 0.1, b: 0.2, c: 0.3, d: 0.4 } }],
  default: { '</s>': 1 },
})

// The same distribution at every step, never EOS: penalties then shape step 2 by step 1.
const loop = table('loop', {
  vocab: ['<s>', 'a', 'b', 'c', 'd', '</s>'],
  default: { a: 0.1, b: 0.2, c: 0.3, d: 0.4 },
})

describe('sample chains the new processors', () => {
  it.each([
    // minP 0.6: threshold 0.24 keeps d, c → 4/7, 3/7.
    ['sample:minP=0.6,seed=21', { c: 3 / 7, d: 4 / 7 }],
    // typicalP 0.5 keeps c, b (see truncation.test.ts) → 0.6, 0.4.
    ['sample:typicalP=0.5,seed=22', { b: 0.4, c: 0.6 }],
    ['typical:p=0.5,seed=22', { b: 0.4, c: 0.6 }],
    ['minp:p=0.6,seed=21', { c: 3 / 7, d: 4 / 7 }],
    // epsilon 0.25 keeps d, c.
    ['sample:epsilon=0.25,seed=23', { c: 3 / 7, d: 4 / 7 }],
    // eta 0.25: η = 0.139039 keeps d, c, b.
    ['sample:eta=0.25,seed=24', { b: 2 / 9, c: 3 / 9, d: 4 / 9 }],
    // hf: temperature 0.5 then top-p 0.8 → d .64, c .36. llama: top-p 0.8 first (d, c, b), then squared → .16, .09, .04 over .29.
    ['sample:temperature=0.5,topP=0.8,order=hf,seed=25', { c: 0.36, d: 0.64 }],
    ['sample:temperature=0.5,topP=0.8,order=llama,seed=26', { b: 0.04 / 0.29, c: 0.09 / 0.29, d: 0.16 / 0.29 }],
  ] as const)('%s', async (spec, expected: Record<string, number>) => {
    const r = await run(oneStep, `${spec},samples=4000`, { maxTokens: 1 })
    const f: Record<string, number> = {}
    for (const s of r.sequences) f[s.text] = (f[s.text] ?? 0) + 1 / r.sequences.length
    expect(Object.keys(f).sort()).toEqual(Object.keys(expected).sort())
    for (const [t, p] of Object.entries(expected))
      expect(Math.abs(f[t] - p), `${t}: ${f[t]} vs ${p}`).toBeLessThan(0.025)
  })

  it('penalties read the tokens generated so far: noRepeatNgram=1 never repeats a token', async () => {
    const r = await run(loop, 'sample:noRepeatNgram=1,seed=5,samples=200', { maxTokens: 4 })
    for (const s of r.sequences) expect(new Set(s.tokens).size).toBe(4)
    // The recorded probabilities stay the model's own: 0.1 × 0.2 × 0.3 × 0.4 = 0.0024 for any order.
    for (const s of r.sequences) expect(s.probability).toBeCloseTo(0.0024, 12)
  })

  it('repetitionPenalty shapes step 2 by step 1: after d, d falls from 0.4 to 0.16/0.76', async () => {
    const r = await run(loop, 'sample:repetitionPenalty=2,topK=1,seed=5', { maxTokens: 2 })
    // Step 1: top-k 1 after the penalty (nothing to penalise: the context is only <s>) → d.
    // Step 2: d → 0.16, so c (0.3) is the top one.
    expect(r.sequences[0].tokens).toEqual(['d', 'c'])
  })

  it('fails with a DecodeError when the processors leave no token', async () => {
    // Five steps with four tokens and no token may repeat.
    await expect(run(loop, 'sample:noRepeatNgram=1,seed=5', { maxTokens: 5 })).rejects.toThrow(DecodeError)
    await expect(run(loop, 'sample:noRepeatNgram=1,seed=5', { maxTokens: 5 })).rejects.toThrow(
      /the processors \(noRepeatNgram\) left no token to sample after "<s> /,
    )
  })
})
