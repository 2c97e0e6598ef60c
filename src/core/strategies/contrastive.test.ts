import { describe, expect, it } from 'vitest'
import { contextOf } from '../decode'
import { DecodeContext } from '../decode-context'
import { nodeAt, table } from '../testing/tables'
import type { LanguageModel } from '../types'
import { contrastive } from './contrastive'

const vocab = ['<s>', 'a', 'b', 'c', '</s>']

async function contrast(expert: LanguageModel, amateur: LanguageModel, alpha: number, width: number, maxTokens = 8) {
  const ctx = new DecodeContext(expert, contextOf(expert, []), { maxTokens, topN: 10 })
  const out = await contrastive(ctx, amateur, { alpha, width })
  return { ...out, tree: ctx.tree.nodes, texts: out.sequences.map((s) => s.tokens.join(' ')) }
}

// The amateur flips greedy's choice: the expert prefers a (0.5), but the amateur likes a even more.
const expert = table('expert', {
  vocab,
  rules: [
    { context: ['<s>'], next: { a: 0.5, b: 0.4, c: 0.1 } },
    { context: ['<s>', 'b'], next: { a: 0.3, '</s>': 0.7 } },
  ],
  default: { '</s>': 1 },
})
const amateur = table('amateur', {
  vocab,
  rules: [
    { context: ['<s>'], next: { a: 0.7, b: 0.2, c: 0.1 } },
    { context: ['<s>', 'b'], next: { a: 0.1, '</s>': 0.9 } },
  ],
  default: { '</s>': 1 },
})

describe('contrastive', () => {
  it('lets the amateur flip greedy’s choice, and reports the expert’s chain-rule probability', async () => {
    // Step 1 (alpha 0.1: threshold 0.05, all three plausible): a log(0.5/0.7), b log 2, c log 1 → b.
    // Step 2 after b: a log 3, </s> log(7/9) → a. Step 3: </s> (score 0).
    const r = await contrast(expert, amateur, 0.1, 1)
    expect(r.texts).toEqual(['b a </s>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.4 * 0.3 * 1, 15)
    expect(r.sequences[0].logProb).toBeCloseTo(Math.log(0.12), 14)
    expect(r.sequences[0].contrastiveScore!).toBeCloseTo(Math.log(2) + Math.log(3), 14)
    // Every V_head candidate at the root carries both probabilities and its score.
    const a = nodeAt(r.tree, 'a')
    expect([a.prob, a.contrastive!.amateurProb, a.status]).toEqual([0.5, 0.7, 'pruned'])
    expect(a.contrastive!.score).toBeCloseTo(Math.log(5 / 7), 14)
    expect(nodeAt(r.tree, 'b').contrastive!.score).toBeCloseTo(Math.log(2), 14)
    expect(nodeAt(r.tree, 'c').contrastive).toEqual({ amateurProb: 0.1, score: 0 })
    expect(nodeAt(r.tree, 'b', 'a').status).toBe('chosen')
    expect(nodeAt(r.tree, 'b', '</s>').contrastive!.score).toBeCloseTo(Math.log(7 / 9), 14)
  })

  it('lets the plausibility constraint change the pick', async () => {
    // c is rare for the expert (0.05) and rarer for the amateur (0.001): the best score, log 50, when plausible.
    const e = table('e', {
      vocab,
      rules: [{ context: ['<s>'], next: { a: 0.6, b: 0.35, c: 0.05 } }],
      default: { '</s>': 1 },
    })
    const am = table('am', {
      vocab,
      rules: [{ context: ['<s>'], next: { a: 0.5, b: 0.499, c: 0.001 } }],
      default: { '</s>': 1 },
    })
    // alpha 0.1: threshold 0.06 > 0.05, c is out; a log 1.2 beats b log(0.35/0.499).
    const strict = await contrast(e, am, 0.1, 1)
    expect(strict.texts).toEqual(['a </s>'])
    expect(nodeAt(strict.tree, 'c').status).toBe('filtered')
    expect(nodeAt(strict.tree, 'c').contrastive).toBeUndefined()
    expect(strict.sequences[0].probability).toBeCloseTo(0.6, 15)
    // alpha 0.05: threshold 0.03, c is in and wins.
    const loose = await contrast(e, am, 0.05, 1)
    expect(loose.texts).toEqual(['c </s>'])
    expect(loose.sequences[0].contrastiveScore!).toBeCloseTo(Math.log(50), 12)
  })

  it('breaks a tie in score toward the lower token id', async () => {
    const e = table('e', { vocab, rules: [{ context: ['<s>'], next: { c: 0.5, b: 0.5 } }], default: { '</s>': 1 } })
    const r = await contrast(e, e, 0.1, 1)
    expect(r.texts).toEqual(['b </s>'])
  })

  it('with width > 1 runs a beam over the summed score', async () => {
    // Step 1 keeps b (log 2) and c (0); step 2: b a (log 6), b </s> (log 14/9), c </s> (0) → the first two.
    const r = await contrast(expert, amateur, 0.1, 2)
    expect(r.texts).toEqual(['b a </s>', 'b </s>'])
    expect(r.sequences[0].contrastiveScore!).toBeCloseTo(Math.log(6), 14)
    expect(r.sequences[1].contrastiveScore!).toBeCloseTo(Math.log(14 / 9), 14)
    expect(r.sequences[1].probability).toBeCloseTo(0.28, 15)
    expect(nodeAt(r.tree, 'c', '</s>').status).toBe('pruned')
    expect(nodeAt(r.tree, 'a').status).toBe('pruned')
  })

  it('refuses an amateur with another vocabulary, saying what differs', async () => {
    const other = table('other', { vocab: ['<s>', 'a', 'b', 'x', '</s>'], default: { '</s>': 1 } })
    await expect(contrast(expert, other, 0.1, 1)).rejects.toThrow(
      'the amateur model other cannot contrast with expert: token 3 is "x" there and "c" in expert; contrastive decoding needs one shared vocabulary',
    )
  })
})
