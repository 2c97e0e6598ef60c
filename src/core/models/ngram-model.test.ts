// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { TokenizeError } from '../errors'
import { seededRandom } from '../rng'
import type { Distribution } from '../types'
import { NgramModel } from './ngram-model'
import { parseNgram } from './ngram-schema'
import { trainNgram } from './ngram-train'

function model(text: string, order: number, unit: 'char' | 'word' = 'word'): NgramModel {
  return new NgramModel('m', trainNgram(text, { name: 'm', order, unit }))
}

/** P(next | context) by token text; the context is given as text after BOS. */
async function probs(m: NgramModel, context: string[]): Promise<Record<string, number>> {
  const ids = [m.bos, ...context.map((t) => m.tokenize(t)[0] ?? m.eos)]
  const d = await m.next(ids)
  return asTexts(m, d)
}

function asTexts(m: NgramModel, d: Distribution): Record<string, number> {
  if (d.kind !== 'probs') throw new Error('an n-gram model gives probs')
  expect(d.otherMass).toBe(0)
  return Object.fromEntries(Array.from(d.ids, (id, i) => [m.tokenText(id), d.probs[i]]))
}

function expectClose(actual: Record<string, number>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort())
  for (const [t, p] of Object.entries(expected)) expect(Math.abs(actual[t] - p), `P(${t})`).toBeLessThan(1e-12)
}

describe('interpolated Kneser-Ney, computed by hand', () => {
  // Lines "a b" and "a a b", order 2, padded: <s> a b </s>, <s> a a b </s>.
  // Bigram counts: <s> a 2, a b 2, b </s> 2, a a 1. n1 = 1, n2 = 3 → D2 = 1/(1 + 6) = 1/7.
  // Unigram continuation counts: a 2 ({<s>, a}), b 1 ({a}), </s> 1 ({b}); total 4, 3 types.
  //   n1 = 2, n2 = 1 → D1 = 2/(2 + 2) = 1/2. Uniform over {a, b, </s>}: 1/3.
  // P1(a) = (2 − 1/2)/4 + (1/2 · 3/4) · 1/3 = 3/8 + 1/8 = 1/2
  // P1(b) = P1(</s>) = (1 − 1/2)/4 + 1/8 = 1/4
  const m = model('a b\na a b', 2)

  it('P(· | a): followers b 2, a 1; total 3, 2 types, γ = (1/7 · 2)/3 = 2/21', async () => {
    // P(b|a) = (2 − 1/7)/3 + 2/21 · 1/4 = 13/21 + 1/42 = 27/42 = 9/14
    // P(a|a) = (1 − 1/7)/3 + 2/21 · 1/2 = 2/7 + 1/21 = 1/3
    // P(</s>|a) = 2/21 · 1/4 = 1/42
    expectClose(await probs(m, ['a']), { a: 1 / 3, b: 9 / 14, '</s>': 1 / 42 })
  })

  it('P(· | <s>): follower a 2; total 2, 1 type, γ = (1/7 · 1)/2 = 1/14', async () => {
    // P(a|<s>) = (2 − 1/7)/2 + 1/14 · 1/2 = 13/14 + 1/28 = 27/28; P(b|<s>) = P(</s>|<s>) = 1/14 · 1/4 = 1/56
    expectClose(await probs(m, []), { a: 27 / 28, b: 1 / 56, '</s>': 1 / 56 })
  })

  it('P(· | b): follower </s> 2; P(</s>|b) = 13/14 + 1/56 = 53/56', async () => {
    expectClose(await probs(m, ['b']), { a: 1 / 14 / 2, b: 1 / 56, '</s>': 53 / 56 })
  })

  it('an unseen history (</s>) falls back to the unigram level', async () => {
    expectClose(asTexts(m, await m.next([m.bos, m.eos])), { a: 1 / 2, b: 1 / 4, '</s>': 1 / 4 })
  })

  // Lines "a b" and "b b", order 3, padded: <s> <s> a b </s>, <s> <s> b b </s>.
  // Trigram counts all 1 (6 types): n2 = 0 → D3 = 0.75 (fallback).
  // Bigram continuation: <s> a 1, <s> b 1, a b 1, b b 1, b </s> 2 ({a, b}). n1 = 4, n2 = 1 → D2 = 4/6 = 2/3.
  // Unigram continuation: a 1, b 3 ({<s>, a, b}), </s> 1; total 5, 3 types. n2 = 0 → D1 = 0.75.
  // P1(a) = (1 − 3/4)/5 + (3/4 · 3/5) · 1/3 = 1/20 + 3/20 = 1/5; P1(b) = 9/20 + 3/20 = 3/5; P1(</s>) = 1/5
  const m3 = model('a b\nb b', 3)

  it('order 3, history (a b): P2(· | b) first, then one trigram a b </s>', async () => {
    // P2(· | b): followers </s> 2, b 1; total 3, 2 types, γ = (2/3 · 2)/3 = 4/9.
    //   P2(</s>|b) = (2 − 2/3)/3 + 4/9 · 1/5 = 4/9 + 4/45 = 8/15
    //   P2(b|b) = (1 − 2/3)/3 + 4/9 · 3/5 = 1/9 + 4/15 = 17/45; P2(a|b) = 4/9 · 1/5 = 4/45
    // P3(· | a b): follower </s> 1; total 1, 1 type, γ = 3/4.
    //   P3(</s>|a b) = (1 − 3/4) + 3/4 · 8/15 = 1/4 + 2/5 = 13/20
    //   P3(b|a b) = 3/4 · 17/45 = 17/60; P3(a|a b) = 3/4 · 4/45 = 1/15
    expectClose(await probs(m3, ['a', 'b']), { a: 1 / 15, b: 17 / 60, '</s>': 13 / 20 })
  })

  it('order 3, unseen history (b a) gives P2(· | a)', async () => {
    // P2(· | a): follower b 1; total 1, 1 type, γ = 2/3.
    //   P2(b|a) = (1 − 2/3) + 2/3 · 3/5 = 11/15; P2(a|a) = P2(</s>|a) = 2/3 · 1/5 = 2/15
    expectClose(await probs(m3, ['b', 'a']), { a: 2 / 15, b: 11 / 15, '</s>': 2 / 15 })
  })

  it('order 3 pads a short context with BOS: P(· | <s> <s>)', async () => {
    // P2(· | <s>): followers a 1, b 1; total 2, 2 types, γ = (2/3 · 2)/2 = 2/3.
    //   P2(a|<s>) = (1 − 2/3)/2 + 2/3 · 1/5 = 1/6 + 2/15 = 3/10; P2(b|<s>) = 1/6 + 2/5 = 17/30; P2(</s>|<s>) = 2/15
    // P3(· | <s> <s>): followers a 1, b 1; total 2, 2 types, γ = (3/4 · 2)/2 = 3/4.
    //   P3(a) = 1/8 + 3/4 · 3/10 = 7/20; P3(b) = 1/8 + 3/4 · 17/30 = 11/20; P3(</s>) = 3/4 · 2/15 = 1/10
    const expected = { a: 7 / 20, b: 11 / 20, '</s>': 1 / 10 }
    expectClose(await probs(m3, []), expected)
    expectClose(asTexts(m3, await m3.next([])), expected)
    expectClose(asTexts(m3, await m3.next([m3.bos, m3.bos, m3.bos])), expected)
  })

  it('order 1 is the unigram interpolated with the uniform distribution, whatever the context', async () => {
    // Lines "ab" and "a" (chars): counts a 2, b 1, </s> 2; total 5, 3 types. n1 = 1, n2 = 2 → D = 1/5.
    // P(w) = (c(w) − 1/5)/5 + (1/5 · 3/5) · 1/3: P(a) = 9/25 + 1/25 = 2/5, P(b) = 4/25 + 1/25 = 1/5, P(</s>) = 2/5
    const u = model('ab\na', 1, 'char')
    const expected = { a: 2 / 5, b: 1 / 5, '</s>': 2 / 5 }
    expectClose(await probs(u, []), expected)
    expectClose(await probs(u, ['b', 'a']), expected)
    // "aa" twice: a 4, </s> 2, no singleton → D = 0.75. P(a) = 3.25/6 + (0.75 · 2/6)/2 = 13/24 + 1/8 = 2/3.
    expectClose(await probs(model('aa\naa', 1, 'char'), []), { a: 2 / 3, '</s>': 1 / 3 })
  })
})

describe('distributions are proper', () => {
  const text = [
    'the cat sat on the mat',
    'the dog sat on the log',
    'a cat and a dog met on a mat',
    'on the log the cat slept',
    '床前明月光，疑是地上霜。',
    '举头望明月，低头思故乡。',
  ].join('\n')

  for (const unit of ['char', 'word'] as const) {
    for (const order of [1, 2, 3, 5]) {
      it(`sum to 1 within 1e-9 over the vocabulary and EOS, never predicting BOS (${unit}, order ${order})`, async () => {
        const m = model(text, order, unit)
        const rand = seededRandom(order * 31 + unit.length)
        for (let trial = 0; trial < 200; trial++) {
          const length = Math.floor(rand() * 8)
          const context = [m.bos, ...Array.from({ length }, () => 1 + Math.floor(rand() * (m.vocabSize - 1)))]
          const d = await m.next(context)
          if (d.kind !== 'probs') throw new Error('probs expected')
          expect(d.ids).toHaveLength(m.vocabSize - 1)
          expect(d.ids).not.toContain(m.bos)
          let sum = 0
          for (const p of d.probs) {
            expect(p).toBeGreaterThan(0)
            sum += p
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-9)
        }
      })
    }
  }

  it('agrees with the recursive formula, evaluated naively from the counts, within 1e-12', () => {
    const data = trainNgram(text, { name: 'm', order: 4, unit: 'char' })
    const m = new NgramModel('m', data)
    // P_k(w | h) = (c(h w) − D_k)/C + D_k · N1+(h ·)/C · P_{k−1}(w | h'), P_0 = 1/|V|, for h of k − 1 tokens.
    const recursive = (h: number[], w: number): number => {
      const k = h.length + 1
      const lower = k === 1 ? 1 / (data.vocab.length - 1) : recursive(h.slice(1), w)
      const flat = data.ngrams[k - 1]
      let total = 0
      let types = 0
      let c = 0
      for (let at = 0; at < flat.length; at += k + 1) {
        if (h.some((id, i) => flat[at + i] !== id)) continue
        total += flat[at + k]
        types++
        if (flat[at + k - 1] === w) c = flat[at + k]
      }
      if (total === 0) return lower
      const d = data.discounts[k - 1]
      return Math.max(c - d, 0) / total + ((d * types) / total) * lower
    }
    const rand = seededRandom(99)
    for (let trial = 0; trial < 30; trial++) {
      // Half the contexts come from the text, so that the high orders have counts.
      const line = text.split('\n')[trial % 6]
      const start = Math.floor(rand() * line.length)
      const context =
        trial % 2
          ? m.tokenize(line.slice(start, start + 3))
          : Array.from({ length: 3 }, () => 1 + Math.floor(rand() * (m.vocabSize - 1)))
      const padded = [0, 0, 0, ...context].slice(-3)
      const fast = m.probabilities([m.bos, ...context])
      for (let w = 1; w < m.vocabSize; w++) expect(Math.abs(fast[w - 1] - recursive(padded, w))).toBeLessThan(1e-12)
    }
  })

  it('survives a save and load through JSON unchanged', async () => {
    const data = trainNgram(text, { name: 'm', order: 3, unit: 'char' })
    const loaded = new NgramModel('m', parseNgram(JSON.parse(JSON.stringify(data)), 'm.ngram.json'))
    const m = new NgramModel('m', data)
    const context = [m.bos, ...m.tokenize('床前')]
    expect((await loaded.next(context)).kind).toBe('probs')
    expect(loaded.probabilities(context)).toEqual(m.probabilities(context))
  })
})

describe('tokens', () => {
  it('char unit: code points, spaces included, joined with nothing', () => {
    const m = model('床前 明月光\nab', 2, 'char')
    const ids = m.tokenize('明月 光')
    expect(ids.map((id) => m.tokenText(id))).toEqual(['明', '月', ' ', '光'])
    expect(m.detokenize([m.bos, ...ids, m.eos])).toBe('明月 光')
    expect(m.tokenize('')).toEqual([])
  })

  it('word unit: whitespace-separated words, joined with a space; a literal "<s>" word is an ordinary word', () => {
    const m = model('the cat <s> sat', 2, 'word')
    const ids = m.tokenize('  the\tcat <s> ')
    expect(ids).not.toContain(m.bos)
    expect(m.detokenize([m.bos, ...ids, m.eos])).toBe('the cat <s>')
  })

  it('an unknown symbol is a TokenizeError naming it and where it is', () => {
    const chars = model('床前明月光', 2, 'char')
    expect(() => chars.tokenize('明日')).toThrow(TokenizeError)
    expect(() => chars.tokenize('明日')).toThrow(
      /cannot tokenize "明日": "日" at character 2 is not in the vocabulary of m/,
    )
    expect(() => chars.tokenize('明\n')).toThrow(/"\\n" at character 2/)
    expect(() => model('the cat', 2).tokenize('the dog')).toThrow(
      /"dog" at word 2 is not in the vocabulary of m, which has only the words/,
    )
  })

  it('is a LanguageModel of kind ngram with BOS 0 and EOS 1', () => {
    const m = model('ab', 2, 'char')
    expect({ kind: m.kind, id: m.id, bos: m.bos, eos: m.eos, vocabSize: m.vocabSize }).toEqual({
      kind: 'ngram',
      id: 'm',
      bos: 0,
      eos: 1,
      vocabSize: 4,
    })
    expect(m.tokenText(m.bos)).toBe('<s>')
    expect(m.tokenText(m.eos)).toBe('</s>')
  })
})
