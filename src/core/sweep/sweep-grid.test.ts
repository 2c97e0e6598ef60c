// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { HF_ORDER, LLAMA_ORDER } from '../processors/order'
import { fixedStrategy, parseGrid, planSweep, splitGridText } from './sweep-grid'

describe('parseGrid', () => {
  it('reads KEY=V1,V2,… in order, and order names', () => {
    expect(parseGrid('p=0.5, 0.7,0.9')).toEqual({ key: 'p', values: [0.5, 0.7, 0.9] })
    expect(parseGrid('order=hf,llama')).toEqual({ key: 'order', values: [HF_ORDER, LLAMA_ORDER] })
  })
})

describe('planSweep', () => {
  it('makes the product of the axes, the first varying slowest, with one drawn seed for every cell', () => {
    let draws = 0
    const plan = planSweep('nucleus', ['p=0.5,0.9', 'temperature=0.7,1,1.3'], 20, () => {
      draws++
      return 42
    })
    expect(draws).toBe(1)
    expect(plan.base).toEqual({ name: 'nucleus', params: { p: 0.9, temperature: 1, samples: 20 } })
    expect(plan.cells.map((c) => c.values)).toEqual([
      { p: 0.5, temperature: 0.7 },
      { p: 0.5, temperature: 1 },
      { p: 0.5, temperature: 1.3 },
      { p: 0.9, temperature: 0.7 },
      { p: 0.9, temperature: 1 },
      { p: 0.9, temperature: 1.3 },
    ])
    expect(plan.cells[2].spec).toEqual({ name: 'nucleus', params: { p: 0.5, temperature: 1.3, seed: 42, samples: 20 } })
  })

  it('draws no seed when one is given or swept, and keeps a speculative draft', () => {
    const never = () => {
      throw new Error('no seed should be drawn')
    }
    expect(planSweep('sample:seed=3', ['topK=1,2'], undefined, never).cells.map((c) => c.spec.params.seed)).toEqual([
      3, 3,
    ])
    expect(planSweep('sample', ['seed=1,2'], undefined, never).cells.map((c) => c.spec.params.seed)).toEqual([1, 2])
    const spec = planSweep('speculative:draft=d,seed=1', ['lookahead=1,2'], undefined, never).cells[1].spec
    expect(spec).toEqual({
      name: 'speculative',
      draft: 'd',
      params: { lookahead: 2, temperature: 1, seed: 1, samples: 1 },
    })
  })

  it.each([
    [['p'], 'sweep: --grid "p" is not KEY=V1,V2,…, e.g. --grid p=0.5,0.7,0.9'],
    [['p='], 'sweep: --grid "p=" is not KEY=V1,V2,…, e.g. --grid p=0.5,0.7,0.9'],
    [['=1'], 'sweep: --grid "=1" is not KEY=V1,V2,…, e.g. --grid p=0.5,0.7,0.9'],
    [['p=0.5,x'], 'sweep: --grid "p=0.5,x": p values must be numbers, got "x"'],
    [['p=0.5,,0.7'], 'sweep: --grid "p=0.5,,0.7": p values must be numbers, got ""'],
    [['p=0.5,0.5'], 'sweep: --grid "p=0.5,0.5" lists a value twice'],
    [['p=0.5', 'p=0.7'], 'sweep: p has two --grid options; list all its values in one'],
    [
      ['temperature=1,2'],
      'sweep: temperature is both fixed (in --strategy or --samples) and on the grid; give it in one place',
    ],
    [
      ['samples=1,2'],
      'sweep: samples is both fixed (in --strategy or --samples) and on the grid; give it in one place',
    ],
    [['q=1,2'], 'strategy "nucleus with q=1": unknown parameter "q"; nucleus takes p, temperature, seed, samples'],
    [['p=0.5,1.5'], 'strategy "nucleus with p=1.5": p must be in (0, 1], got p = 1.5'],
    [[], 'sweep: at least one --grid KEY=V1,V2,… is required, e.g. --grid p=0.5,0.7,0.9'],
    [
      ['p=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1', 'seed=' + Array.from({ length: 1001 }, (_, i) => i).join(',')],
      'sweep: the grid has 10010 cells, more than 10000; sweep fewer values',
    ],
  ])('refuses %j', (grid, message) => {
    expect(() => planSweep('nucleus:temperature=1', grid, 5, () => 1)).toThrow(message)
  })
})

describe('splitGridText', () => {
  it('splits the app grid field at semicolons and new lines, dropping empty parts', () => {
    expect(splitGridText('p=0.5,0.9; temperature=0.7,1\n\nwidth=1,2;')).toEqual([
      'p=0.5,0.9',
      'temperature=0.7,1',
      'width=1,2',
    ])
  })
})

describe('fixedStrategy', () => {
  it('drops the defaults the base filled in for swept keys, keeping what was fixed', () => {
    const plan = planSweep('nucleus:samples=5', ['p=0.5,0.9', 'temperature=0.7,1'], undefined, () => 7)
    expect(plan.base.params).toEqual({ p: 0.9, temperature: 1, samples: 5 })
    expect(fixedStrategy(plan.base, plan.axes)).toEqual({ name: 'nucleus', params: { samples: 5 } })
  })
})
