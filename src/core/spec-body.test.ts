import { describe, expect, it } from 'vitest'
import { splitSpecBody } from './spec-body'

const MBR = new Set(['samples', 'seed', 'proposal', 'utility'])
const kv = (body: string, own = MBR) => splitSpecBody(body, own).map((p) => [p.key, p.value])

describe('splitSpecBody', () => {
  it('splits key=value pieces at commas', () => {
    expect(kv('p=0.9, seed=7', new Set(['p', 'seed']))).toEqual([
      ['p', '0.9'],
      ['seed', '7'],
    ])
    expect(kv('')).toEqual([])
  })

  it('gives a proposal the pieces after it that are not the outer strategy’s', () => {
    expect(kv('samples=8,proposal=nucleus:p=0.9,temperature=0.7,utility=chrf,seed=3')).toEqual([
      ['samples', '8'],
      ['proposal', 'nucleus:p=0.9,temperature=0.7'],
      ['utility', 'chrf'],
      ['seed', '3'],
    ])
    expect(kv('proposal=topk:k=5')).toEqual([['proposal', 'topk:k=5']])
  })

  it('gives answerPattern the rest of the spec, commas and all', () => {
    const own = new Set(['samples', 'proposal', 'answerPattern'])
    expect(kv('samples=5,answerPattern=(\\d{1,3}), so', own)).toEqual([
      ['samples', '5'],
      ['answerPattern', '(\\d{1,3}), so'],
    ])
    expect(kv('proposal=nucleus:p=0.5,answerPattern=is (\\w+)', own)).toEqual([
      ['proposal', 'nucleus:p=0.5'],
      ['answerPattern', 'is (\\w+)'],
    ])
  })

  it('keeps a piece without = for the caller to refuse', () => {
    expect(kv('samples')).toEqual([['', '']])
  })
})
