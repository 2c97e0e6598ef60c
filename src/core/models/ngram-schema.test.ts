// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors'
import { parseNgram } from './ngram-schema'
import { trainNgram } from './ngram-train'

const valid = () => JSON.parse(JSON.stringify(trainNgram('a b\na a b', { name: 'v', order: 2, unit: 'word' })))

describe('parseNgram', () => {
  it('accepts what trainNgram produces', () => {
    expect(parseNgram(valid(), 'v.ngram.json')).toEqual(valid())
  })

  const cases: [string, (d: any) => void, RegExp][] = [
    [
      'wrong format',
      (d) => (d.format = 'decoding-lab/table@1'),
      /\$\.format: format must be exactly "decoding-lab\/ngram@1"/,
    ],
    ['missing order', (d) => delete d.order, /\$\.order: missing field/],
    [
      'order given as text',
      (d) => (d.order = '2'),
      /^v\.ngram\.json: \$\.order: must be a number, got a string \("2"\)$/,
    ],
    [
      'vocab given as text',
      (d) => (d.vocab = 'abc'),
      /^v\.ngram\.json: \$\.vocab: must be an array, got a string \("abc"\)$/,
    ],
    [
      'a discount out of range',
      (d) => (d.discounts[0] = Infinity),
      /^v\.ngram\.json: \$\.discounts\[0\]: must be a number, got a number out of range \(Infinity\)$/,
    ],
    ['unknown unit', (d) => (d.unit = 'byte'), /\$\.unit: unit must be one of char, word/],
    ['discount above 1', (d) => (d.discounts[0] = 1.5), /\$\.discounts\[0\]: a discount must be in \(0, 1\]/],
    [
      'discounts of the wrong length',
      (d) => d.discounts.pop(),
      /\$\.discounts: needs one discount per order \(2\), got 1/,
    ],
    ['vocab[0] not BOS', (d) => (d.vocab[0] = 'x'), /\$\.vocab\[0\]: must be "<s>"/],
    ['duplicate symbol', (d) => (d.vocab[3] = 'a'), /\$\.vocab\[3\]: duplicate symbol "a"/],
    // ngrams[1] is 0 2 2, 2 2 1, 2 3 2, 3 1 2 (<s> a, a a, a b, b </s>).
    ['not a list', (d) => (d.ngrams[1] = 'x'), /\$\.ngrams\[1\]: must be a list of numbers/],
    [
      'id out of range',
      (d) => (d.ngrams[1][4] = 9),
      /\$\.ngrams\[1\]\[4\]: token id must be a whole number in \[0, 3\], got 9/,
    ],
    [
      'id not a number',
      (d) => (d.ngrams[1][0] = '0'),
      /\$\.ngrams\[1\]\[0\]: token id must be a whole number in \[0, 3\], got 0/,
    ],
    ['BOS predicted', (d) => (d.ngrams[0][0] = 0), /\$\.ngrams\[0\]\[0\]: "<s>" is never predicted/],
    ['count 0', (d) => (d.ngrams[1][2] = 0), /\$\.ngrams\[1\]\[2\]: count must be a whole number >= 1, got 0/],
    [
      'fractional count',
      (d) => (d.ngrams[1][5] = 1.5),
      /\$\.ngrams\[1\]\[5\]: count must be a whole number >= 1, got 1\.5/,
    ],
    [
      'wrong length',
      (d) => d.ngrams[1].pop(),
      /\$\.ngrams\[1\]: holds 2-grams as 2 ids and a count each, so its length must be a multiple of 3, got 11/,
    ],
    [
      'duplicate n-gram',
      (d) => d.ngrams[1].splice(3, 0, 0, 2, 1),
      /\$\.ngrams\[1\]\[3\]: 2-grams must be in increasing order of their ids, with no duplicate/,
    ],
    [
      'unsorted n-grams',
      (d) => d.ngrams[1].push(0, 3, 1),
      /\$\.ngrams\[1\]\[12\]: 2-grams must be in increasing order/,
    ],
  ]
  for (const [name, spoil, message] of cases) {
    it(`rejects ${name} with an InputError naming the JSON path`, () => {
      const d = valid()
      spoil(d)
      expect(() => parseNgram(d, 'v.ngram.json')).toThrow(InputError)
      expect(() => parseNgram(d, 'v.ngram.json')).toThrow(message)
    })
  }
})
