import { describe, expect, it } from 'vitest'
import { answerRegex, vote } from './vote'

describe('vote', () => {
  it('counts whole texts by default, ties going to the answer seen first', () => {
    const v = vote(['b', 'a', 'a', 'b', 'c'])
    expect(v.answers).toEqual([
      { answer: 'b', count: 2, samples: [0, 3] },
      { answer: 'a', count: 2, samples: [1, 2] },
      { answer: 'c', count: 1, samples: [4] },
    ])
    expect(v.unanswered).toBe(0)
  })

  it('takes the first capture group of answerPattern, leaving out texts it does not match', () => {
    const texts = [
      'so the answer is 12 .',
      'answer is 7',
      'I think the answer is 12',
      'no idea',
      'answer is 7 or answer is 12',
      'answer is 12',
    ]
    const v = vote(texts, 'answer is (\\d+)')
    expect(v.perSample).toEqual(['12', '7', '12', null, '7', '12'])
    expect(v.answers).toEqual([
      { answer: '12', count: 3, samples: [0, 2, 5] },
      { answer: '7', count: 2, samples: [1, 4] },
    ])
    expect(v.unanswered).toBe(1)
  })

  it('refuses a pattern that is not a regex or has no capture group', () => {
    expect(() => answerRegex('answer is (\\d+')).toThrow(
      'answerPattern "answer is (\\d+" is not a valid regular expression',
    )
    expect(() => answerRegex('answer is \\d+')).toThrow('has no capture group; put the answer in parentheses')
    expect(answerRegex('(?:x)(y)?').source).toBe('(?:x)(y)?')
  })
})
