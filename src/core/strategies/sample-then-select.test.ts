import { describe, expect, it } from 'vitest'
import { contextOf } from '../decode'
import { DecodeContext } from '../decode-context'
import { chrf } from '../metrics/chrf'
import { topP } from '../processors'
import { table } from '../testing/tables'
import type { LanguageModel } from '../types'
import { mbr, vote } from './sample-then-select'

function context(model: LanguageModel) {
  return new DecodeContext(model, contextOf(model, []), { maxTokens: 8, topN: 10 })
}

// One token of text per sequence: "ab", "abc" or "b", then the end; the joiner is empty, so the text is the token.
const threeTexts = table('three', {
  vocab: ['<s>', 'ab', 'abc', 'b', '</s>'],
  joiner: '',
  rules: [{ context: ['<s>'], next: { ab: 0.4, abc: 0.35, b: 0.25 } }],
  default: { '</s>': 1 },
})

describe('mbr', () => {
  it('ranks the samples by mean chrF against the others and marks only the best chosen', async () => {
    const ctx = context(threeTexts)
    const out = await mbr(ctx, [topP(1)], { seed: 3, samples: 6, utility: 'chrf' })
    const texts = out.sequences.map((s) => s.text)
    expect(texts).toHaveLength(6)
    // Recomputed here from the texts drawn, each against the five others.
    const expected = texts.map((t, i) => texts.reduce((sum, r, j) => (j === i ? sum : sum + chrf(t, r)), 0) / 5)
    out.sequences.map((s) => s.expectedUtility).forEach((u, i) => expect(u).toBeCloseTo(expected[i], 14))
    for (let i = 1; i < 6; i++)
      expect(out.sequences[i].expectedUtility!).toBeLessThanOrEqual(out.sequences[i - 1].expectedUtility!)
    // Seed 3 draws each text twice. By hand, with u(ab, abc) = 7/11, u(ab, b) = 5/6, u(abc, ab) = 7/8,
    // u(abc, b) = 5/7, u(b, ab) = 5/9, u(b, abc) = 5/13 and u = 1 against its own copy:
    // abc (1 + 2·7/8 + 2·5/7)/5 = 117/140; ab (1 + 2·7/11 + 2·5/6)/5 = 26/33; b (1 + 2·5/9 + 2·5/13)/5 = 337/585.
    expect(texts).toEqual(['abc', 'abc', 'ab', 'ab', 'b', 'b'])
    const hand = [117 / 140, 117 / 140, 26 / 33, 26 / 33, 337 / 585, 337 / 585]
    out.sequences.map((s) => s.expectedUtility).forEach((u, i) => expect(u).toBeCloseTo(hand[i], 14))
    const chosen = ctx.tree.nodes.filter((n) => n.status === 'chosen' && n.depth === 1)
    expect(chosen.map((n) => n.text)).toEqual(['abc'])
    expect(ctx.tree.nodes.filter((n) => n.depth === 1 && n.status === 'kept').length).toBeGreaterThan(0)
  })
})

const arithmetic = table('arith', {
  vocab: ['<s>', 'answer', 'is', '12', '7', 'hmm', '</s>'],
  rules: [
    { context: ['<s>'], next: { answer: 0.8, hmm: 0.2 } },
    { context: ['<s>', 'answer'], next: { is: 1 } },
    { context: ['answer', 'is'], next: { '12': 0.6, '7': 0.4 } },
  ],
  default: { '</s>': 1 },
})

describe('vote', () => {
  it('counts the answerPattern’s first group over the samples and puts the winner first', async () => {
    const ctx = context(arithmetic)
    const out = await vote(ctx, [topP(1)], { seed: 11, samples: 9, answerPattern: 'answer is (\\d+)' })
    const texts = out.sequences.map((s) => s.text)
    const count = (a: string) => texts.filter((t) => t === `answer is ${a}`).length
    const hmm = texts.filter((t) => t === 'hmm').length
    expect(count('12') + count('7') + hmm).toBe(9)
    const answers = out.vote!.answers
    expect(answers.map((a) => [a.answer, a.count])).toEqual(
      [
        ['12', count('12')],
        ['7', count('7')],
      ]
        .filter(([, c]) => (c as number) > 0)
        .sort((a, b) => (b[1] as number) - (a[1] as number)),
    )
    expect(out.vote!.unanswered).toBe(hmm)
    expect(out.sequences.map((s) => s.answer).slice(0, answers[0].count)).toEqual(
      new Array(answers[0].count).fill(answers[0].answer),
    )
    for (const a of answers) for (const i of a.samples) expect(out.sequences.map((s) => s.answer)[i]).toBe(a.answer)
    expect(out.sequences.map((s) => s.answer).slice(9 - hmm)).toEqual(new Array(hmm).fill(null))
    // Only the first sample of the winning answer is chosen.
    const leaves = ctx.tree.nodes.filter((n) => n.status === 'chosen' && n.text === '</s>')
    expect(leaves).toHaveLength(1)
    expect(leaves[0].id).toBe(out.sequences[0].nodeId)
  })

  it('votes on whole texts without a pattern', async () => {
    const out = await vote(context(arithmetic), [topP(1)], { seed: 5, samples: 4 })
    expect(out.vote!.answers.reduce((n, a) => n + a.count, 0)).toBe(4)
    expect(out.vote!.answers[0].answer).toBe(out.sequences[0].text)
  })
})
