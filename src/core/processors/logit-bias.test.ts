// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors'
import { bannedSequences, logitBias, parseLogitBias, resolveLogitBias } from './logit-bias'
import { cand, expectApply, expectNoMutation, LLAMA } from './testing'

describe('parseLogitBias', () => {
  it('reads ids, bare and quoted texts, numbers and bans', () => {
    expect(parseLogitBias('15043=-2, Hello=1.5, " a,b="=false, 7=-inf')).toEqual([
      { token: 15043, bias: -2 },
      { token: 'Hello', bias: 1.5 },
      { token: ' a,b=', bias: -Infinity },
      { token: 7, bias: -Infinity },
    ])
    // A quoted number is a text, not an id.
    expect(parseLogitBias('"12"=1')).toEqual([{ token: '12', bias: 1 }])
    expect(parseLogitBias('  ')).toEqual([])
  })

  it.each([
    ['Hello', /"Hello" has no =/],
    ['a=', /the bias of "a" is ""/],
    ['a=lots', /the bias of "a" is "lots"/],
    ['a=inf', /the bias of "a" is "inf"/],
    ['"open=1', /a quoted token is not closed/],
    ['=3', /a token is empty/],
  ])('rejects %s', (text, message) => {
    expect(() => parseLogitBias(text)).toThrow(InputError)
    expect(() => parseLogitBias(text)).toThrow(message)
  })
})

describe('resolveLogitBias', () => {
  const tokenize = (text: string): number[] => [...text].map((ch) => 'abcd'.indexOf(ch))

  it("gives a text's bias to each of its tokens and adds biases up", () => {
    expect([
      ...resolveLogitBias(
        [
          { token: 'ab', bias: 1 },
          { token: 1, bias: 0.5 },
        ],
        tokenize,
        4,
      ),
    ]).toEqual([
      [0, 1],
      [1, 1.5],
    ])
  })

  it('refuses ids outside the vocabulary', () => {
    expect(() => resolveLogitBias([{ token: 4, bias: 1 }], tokenize, 4)).toThrow(
      /logitBias names token 4, but the vocabulary has ids 0 to 3/,
    )
  })
})

describe('logitBias', () => {
  it('adds the bias to the logit: p × e^bias, renormalised', () => {
    // id 0 + ln 4: 0.1 × 4 = 0.4; sum 1.3; ids 0 and 3 tie at 0.4: id 0 first.
    expectApply(
      logitBias(new Map([[0, Math.log(4)]])),
      cand(LLAMA),
      [0, 3, 2, 1],
      [0.4 / 1.3, 0.4 / 1.3, 0.3 / 1.3, 0.2 / 1.3],
    )
  })

  it('−∞ bans a token; the rest renormalise', () => {
    expectApply(logitBias(new Map([[3, -Infinity]])), cand(LLAMA), [2, 1, 0], [0.5, 1 / 3, 1 / 6])
  })

  it('never mutates its input', () => {
    expectNoMutation(logitBias(new Map([[1, -1]])), [])
  })
})

describe('bannedSequences', () => {
  it('bans the last token of a string whose rest ends the context', () => {
    // "2 3" banned: after 2, token 3 goes; elsewhere it stays.
    expectApply(bannedSequences([[2, 3]]), cand(LLAMA), [2, 1, 0], [0.5, 1 / 3, 1 / 6], [0, 2])
    expectApply(bannedSequences([[2, 3]]), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1], [0, 1])
    // A one-token string is banned everywhere, even with no context.
    expectApply(bannedSequences([[1]]), cand(LLAMA), [3, 2, 0], [0.5, 0.375, 0.125], [])
  })

  it('refuses a string with no token', () => {
    expect(() => bannedSequences([[]])).toThrow(/a banned string tokenizes to no token/)
  })
})
