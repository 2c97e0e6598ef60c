import { describe, expect, it } from 'vitest'
import { mbrRank } from './mbr'

const c = (text: string) => ({ text, tokens: [...text].map((ch) => ch.codePointAt(0)!) })

describe('mbrRank', () => {
  it('ranks three fixed candidates by their mean chrF against the other two', () => {
    // By hand (chrF, β = 2, orders where both sides have n-grams):
    // u(ab, abc) = 7/11, u(ab, b) = 5/6; u(abc, ab) = 7/8, u(abc, b) = 5/7; u(b, ab) = 5/9, u(b, abc) = 5/13.
    const { order, expectedUtility } = mbrRank([c('ab'), c('abc'), c('b')], 'chrf')
    expect(expectedUtility[0]).toBeCloseTo(97 / 132, 14)
    expect(expectedUtility[1]).toBeCloseTo(89 / 112, 14)
    expect(expectedUtility[2]).toBeCloseTo(55 / 117, 14)
    expect(order).toEqual([1, 0, 2])
  })

  it('counts a repeated sample as a pseudo-reference each time, and breaks ties by sample order', () => {
    // "x" twice: each has u = 1 against the other "x" and 0 against "y".
    const r = mbrRank([c('y'), c('x'), c('x')], 'chrf')
    expect(r.expectedUtility).toEqual([0, 0.5, 0.5])
    expect(r.order).toEqual([1, 2, 0])
  })

  it('uses BLEU-4 on tokens for bleu, and gives null with a single sample', () => {
    const r = mbrRank([c('abcd'), c('abcd'), c('wxyz')], 'bleu')
    expect(r.expectedUtility).toEqual([0.5, 0.5, 0])
    expect(mbrRank([c('a')], 'chrf')).toEqual({ order: [0], expectedUtility: [null] })
  })
})
