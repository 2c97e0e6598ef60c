// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors'
import { NGRAM_FORMAT } from './ngram-schema'
import { FALLBACK_DISCOUNT, splitUnits, trainNgram } from './ngram-train'

/** The k-gram counts of a trained model as {"a b": count}, with token texts. */
function countsOf(text: string, order: number, unit: 'char' | 'word' = 'word'): Record<string, number>[] {
  const data = trainNgram(text, { name: 't', order, unit })
  return data.ngrams.map((flat, l) => {
    const out: Record<string, number> = {}
    for (let at = 0; at < flat.length; at += l + 2)
      out[
        flat
          .slice(at, at + l + 1)
          .map((id) => data.vocab[id])
          .join(' ')
      ] = flat[at + l + 1]
    return out
  })
}

describe('splitUnits', () => {
  it('splits chars into code points, keeping spaces, and words at whitespace', () => {
    expect(splitUnits('a 𝔸é', 'char')).toEqual(['a', ' ', '𝔸', 'é'])
    expect(splitUnits('  the\tcat  sat ', 'word')).toEqual(['the', 'cat', 'sat'])
  })
})

describe('trainNgram', () => {
  it('pads each non-blank line with order − 1 BOS and ends it with EOS', () => {
    const data = trainNgram('a b\n\n   \r\na a b\n', { name: 'two-lines', order: 2, unit: 'word', sourceFile: 'x.txt' })
    expect(data).toMatchObject({
      format: NGRAM_FORMAT,
      name: 'two-lines',
      unit: 'word',
      order: 2,
      vocab: ['<s>', '</s>', 'a', 'b'],
    })
    expect(data.source).toEqual({ file: 'x.txt', lines: 2, tokens: 5 })
    expect(countsOf('a b\na a b', 2)).toEqual([
      // Continuation counts: a follows <s> and a; b follows a; </s> follows b.
      { a: 2, b: 1, '</s>': 1 },
      { '<s> a': 2, 'a a': 1, 'a b': 2, 'b </s>': 2 },
    ])
  })

  it('counts distinct left neighbours among the types of the level above, BOS padding included', () => {
    // Padded: <s> <s> a b </s> and <s> <s> b b </s>.
    expect(countsOf('a b\nb b', 3)).toEqual([
      { a: 1, b: 3, '</s>': 1 },
      { '<s> a': 1, '<s> b': 1, 'a b': 1, 'b b': 1, 'b </s>': 2 },
      { '<s> <s> a': 1, '<s> <s> b': 1, '<s> a b': 1, '<s> b b': 1, 'a b </s>': 1, 'b b </s>': 1 },
    ])
  })

  it('lists each order flat, k ids then the count, in increasing order of the ids', () => {
    // ids: <s> 0, </s> 1, a 2, b 3. Bigrams: <s> a 2, a a 1, a b 2, b </s> 2.
    expect(trainNgram('a b\na a b', { name: 't', order: 2, unit: 'word' }).ngrams).toEqual([
      [1, 1, 2, 2, 3, 1],
      [0, 2, 2, 2, 2, 1, 2, 3, 2, 3, 1, 2],
    ])
  })

  it('keeps raw counts at order 1', () => {
    expect(countsOf('ab\na', 1, 'char')).toEqual([{ a: 2, b: 1, '</s>': 2 }])
  })

  it('estimates D = n1 / (n1 + 2·n2) per order, falling back to 0.75 without singletons or doubletons', () => {
    // Order 2 of "a b / a a b": n1 = 1 (a a), n2 = 3 → 1/7; order 1: n1 = 2, n2 = 1 → 2/4.
    expect(trainNgram('a b\na a b', { name: 't', order: 2, unit: 'word' }).discounts).toEqual([1 / 2, 1 / 7])
    // Order 1 of "aa / aa": counts a 4, </s> 2, so n1 = 0.
    expect(trainNgram('aa\naa', { name: 't', order: 1, unit: 'char' }).discounts).toEqual([FALLBACK_DISCOUNT])
  })

  it('rejects bad input with an InputError that says what is wrong', () => {
    const train =
      (text: string, order: number, unit = 'char') =>
      () =>
        trainNgram(text, { name: 't', order, unit: unit as 'char' })
    expect(train('', 2)).toThrow(new InputError('the text has no line to train on: it is empty or only whitespace'))
    expect(train(' \n\t\n', 2)).toThrow(/no line to train on/)
    expect(train('ab\u0000c', 2)).toThrow(/NUL characters/)
    expect(train('ab', 0)).toThrow(/order must be a whole number from 1 to 10, got 0/)
    expect(train('ab', 2.5)).toThrow(/got 2\.5/)
    expect(train('ab', 11)).toThrow(/got 11/)
    expect(train('ab', 2, 'byte')).toThrow(/unknown unit "byte": use char or word/)
  })
})
