// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { bannedTokens, noRepeatNgram } from './no-repeat-ngram'
import { cand, expectApply, expectNoMutation, LLAMA } from './testing'
import { refusal } from '../testing/refusal'

describe('bannedTokens', () => {
  it('bans what followed each earlier occurrence of the last n−1 tokens', () => {
    // Context 1 2 3 1 2 with n = 3: the last two tokens "1 2" were followed by 3 → ban 3.
    expect([...bannedTokens([1, 2, 3, 1, 2], 3)]).toEqual([3])
    // n = 2: "2" was followed by 3 → ban 3; n = 2 after "1": followed by 2 → ban 2.
    expect([...bannedTokens([1, 2, 3, 2], 2)]).toEqual([3])
    expect([...bannedTokens([1, 2, 1], 2)]).toEqual([2])
    // n = 1 bans every token of the context.
    expect([...bannedTokens([4, 1, 4], 1)].sort()).toEqual([1, 4])
    // Too short a context bans nothing.
    expect([...bannedTokens([1], 3)]).toEqual([])
  })
})

describe('noRepeatNgram', () => {
  it('n = 2 gives 0 to the token that would repeat a bigram', () => {
    // Context 3 2 3: the bigram "3 2" exists, so after 3, id 2 is banned.
    // Left 0.4, 0.2, 0.1; sum 0.7.
    expectApply(noRepeatNgram(2), cand(LLAMA), [3, 1, 0], [0.4 / 0.7, 0.2 / 0.7, 0.1 / 0.7], [3, 2, 3])
  })

  it('n = 3 on 0 1 3 0 1 bans 3, the most probable', () => {
    // Left 0.3, 0.2, 0.1; sum 0.6 → 0.5, 1/3, 1/6.
    expectApply(noRepeatNgram(3), cand(LLAMA), [2, 1, 0], [0.5, 1 / 3, 1 / 6], [0, 1, 3, 0, 1])
  })

  it('n = 0 is disabled', () => {
    expectApply(noRepeatNgram(0), cand(LLAMA), [3, 2, 1, 0], [0.4, 0.3, 0.2, 0.1], [3, 3, 3])
  })

  it('can ban every token, leaving an empty list', () => {
    // n = 1 with every token in the context.
    const out = noRepeatNgram(1).apply(cand(LLAMA), [0, 1, 2, 3])
    expect(out.ids.length).toBe(0)
    expect(out.otherMass).toBe(0)
  })

  it('warns when a banned token is hidden in the unknown rest of a partial distribution', () => {
    const out = noRepeatNgram(1).apply(cand([0.5, 0.3], 0.2), [0, 5])
    // id 0 banned: 0.3 and 0.2 unknown remain, sum 0.5.
    expect(Array.from(out.ids)).toEqual([1])
    expect(out.probs[0]).toBeCloseTo(0.6, 12)
    expect(out.otherMass).toBeCloseTo(0.4, 12)
    expect(out.warnings).toEqual([
      'noRepeatNgram: a banned token lies in the unknown rest of a partial distribution and keeps its probability',
    ])
  })

  it.each([-1, 1.5, NaN])('rejects %s', (n) => {
    expect(refusal({ noRepeatNgram: n })).toMatch(/noRepeatNgram must be (>= 0|a whole number|a finite number)/)
  })

  it('never mutates its input', () => {
    expectNoMutation(noRepeatNgram(2), [0, 1, 0])
  })
})
