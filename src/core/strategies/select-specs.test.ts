import { describe, expect, it } from 'vitest'
import { decode } from '../decode'
import { parseStrategySpec, formatStrategy } from '../strategy-spec'
import { nodeAt, run, table } from '../testing/tables'

const noSeed = () => {
  throw new Error('test specs carry their seed')
}

describe('mbr, vote and contrastive specs', () => {
  it('parse with their text parameters and defaults, and format back to what parses the same', () => {
    const m = parseStrategySpec('mbr:samples=8,proposal=nucleus:p=0.5,temperature=0.7,utility=bleu,seed=3', noSeed)
    expect(m).toEqual({
      name: 'mbr',
      params: { samples: 8, seed: 3 },
      textParams: { proposal: 'nucleus:p=0.5,temperature=0.7', utility: 'bleu' },
    })
    expect(parseStrategySpec(formatStrategy(m), noSeed)).toEqual(m)
    expect(parseStrategySpec('mbr:seed=1', noSeed).textParams).toEqual({
      proposal: 'nucleus:p=0.9,temperature=1',
      utility: 'chrf',
    })
    const v = parseStrategySpec('vote:samples=5,seed=2,answerPattern=answer is (\\d+), so', noSeed)
    expect(v.textParams).toEqual({ proposal: 'nucleus:p=0.9,temperature=1', answerPattern: 'answer is (\\d+), so' })
    expect(formatStrategy(v)).toBe(
      'vote:samples=5,seed=2,proposal=nucleus:p=0.9,temperature=1,answerPattern=answer is (\\d+), so',
    )
    expect(parseStrategySpec(formatStrategy(v), noSeed)).toEqual(v)
    const c = parseStrategySpec('contrastive:amateur=tiny,alpha=0.2', noSeed)
    expect(c).toEqual({ name: 'contrastive', draft: 'tiny', params: { alpha: 0.2, width: 1 } })
    expect(formatStrategy(c)).toBe('contrastive:amateur=tiny,alpha=0.2,width=1')
    expect(parseStrategySpec('mbr', () => 77).params.seed).toBe(77)
  })

  it('refuse what they cannot use, saying what to do', () => {
    const err = (text: string) => () => parseStrategySpec(text, () => 1)
    expect(err('mbr:utility=rouge')).toThrow('utility must be one of bleu, chrf, got "rouge"')
    expect(err('mbr:proposal=beam:width=2')).toThrow(
      'the proposal must be a sampling strategy (nucleus, topk, minp, typical, sample), got beam',
    )
    expect(err('mbr:proposal=nucleus:p=0.9,seed=4')).not.toThrow()
    expect(err('mbr:proposal=nucleus:samples=4')).toThrow('give samples on mbr itself, not on its proposal')
    expect(err('mbr:proposal=nucleus:p=2')).toThrow('its proposal: strategy "nucleus:p=2": p must be in (0, 1]')
    expect(err('vote:answerPattern=\\d+')).toThrow('has no capture group; put the answer in parentheses')
    expect(err('contrastive:alpha=0.1')).toThrow(
      'contrastive needs an amateur model sharing the vocabulary, e.g. contrastive:amateur=MODEL,alpha=0.1',
    )
    expect(err('contrastive:amateur=x,alpha=1.5')).toThrow('alpha must be in [0, 1], got alpha = 1.5')
    expect(err('mbr:k=3')).toThrow('unknown parameter "k"; mbr takes samples, seed, proposal, utility')
  })
})

const three = table('three', {
  vocab: ['<s>', 'ab', 'abc', 'b', '</s>'],
  joiner: '',
  rules: [{ context: ['<s>'], next: { ab: 0.4, abc: 0.35, b: 0.25 } }],
  default: { '</s>': 1 },
})

describe('decode with mbr, vote and contrastive', () => {
  it('mbr through decode: the hand-computed expected utilities of three fixed candidates', async () => {
    // nucleus p=1 at temperature 1 leaves the distribution as it is: seed 3 draws abc, abc, ab, ab, b, b (sample-then-select.test.ts).
    const r = await run(three, 'mbr:samples=6,seed=3,proposal=nucleus:p=1,utility=chrf')
    expect(r.sequences.map((s) => s.text)).toEqual(['abc', 'abc', 'ab', 'ab', 'b', 'b'])
    const hand = [117 / 140, 117 / 140, 26 / 33, 26 / 33, 337 / 585, 337 / 585]
    r.sequences.forEach((s, i) => expect(s.expectedUtility).toBeCloseTo(hand[i], 14))
    expect(r.tree.filter((n) => n.status === 'chosen').map((n) => n.text)).toEqual(['', 'abc', '</s>'])
  })

  it('vote through decode: answers with counts on the run', async () => {
    const arith = table('arith', {
      vocab: ['<s>', 'answer', 'is', '12', '7', '</s>'],
      rules: [
        { context: ['<s>'], next: { answer: 1 } },
        { context: ['answer'], next: { is: 1 } },
        { context: ['is'], next: { '12': 0.5, '7': 0.5 } },
      ],
      default: { '</s>': 1 },
    })
    const r = await run(arith, 'vote:samples=7,seed=4,answerPattern=is (\\d+)')
    const counts = new Map<string, number>()
    for (const s of r.sequences) counts.set(s.answer as string, (counts.get(s.answer as string) ?? 0) + 1)
    expect(r.vote!.answers.map((a) => [a.answer, a.count])).toEqual([...counts.entries()].sort((a, b) => b[1] - a[1]))
    expect(r.sequences[0].answer).toBe(r.vote!.answers[0].answer)
  })

  it('contrastive through decode, with the amateur as its draft model', async () => {
    const vocab = ['<s>', 'a', 'b', '</s>']
    const expert = table('expert', {
      vocab,
      rules: [{ context: ['<s>'], next: { a: 0.6, b: 0.4 } }],
      default: { '</s>': 1 },
    })
    const amateur = table('amateur', {
      vocab,
      rules: [{ context: ['<s>'], next: { a: 0.9, b: 0.1 } }],
      default: { '</s>': 1 },
    })
    const r = await decode(expert, [], parseStrategySpec('contrastive:amateur=amateur', noSeed), {
      maxTokens: 4,
      topN: 10,
      draftModel: amateur,
    })
    // a: log(0.6/0.9) < 0; b: log 4 → b, whose expert probability is 0.4.
    expect(r.sequences.map((s) => s.tokens.join(' '))).toEqual(['b </s>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.4, 15)
    expect(nodeAt(r.tree, 'b').contrastive!.score).toBeCloseTo(Math.log(4), 14)
    await expect(
      decode(expert, [], parseStrategySpec('contrastive:amateur=amateur', noSeed), { maxTokens: 4, topN: 10 }),
    ).rejects.toThrow('contrastive decoding needs its amateur model (amateur) loaded')
  })
})
