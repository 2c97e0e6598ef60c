import { describe, expect, it } from 'vitest'
import { STRATEGY_PARAMS } from '../../../core/strategy-spec'
import { layoutParams, paramHint } from './param-groups'

describe('the sampling form folds the rarer samplers by family', () => {
  it('shows temperature, top-k, top-p, min-p, order, seed and samples of `sample` at once, the rest in seven groups', () => {
    const layout = layoutParams(Object.keys(STRATEGY_PARAMS.sample.shape))
    expect(layout.main).toEqual(['temperature', 'topK', 'topP', 'minP', 'seed', 'samples', 'order'])
    expect(layout.groups.map((g) => g.id)).toEqual([
      'truncation',
      'penalties',
      'dry',
      'xtc',
      'dynatemp',
      'mirostat',
      'adaptive',
    ])
    expect(layout.groups.find((g) => g.id === 'dry')?.params).toEqual([
      'dryMultiplier',
      'dryBase',
      'dryAllowedLength',
      'dryPenaltyLastN',
    ])
    // Every parameter is shown exactly once.
    const shown = [...layout.main, ...layout.groups.flatMap((g) => g.params)]
    expect(shown.sort()).toEqual(Object.keys(STRATEGY_PARAMS.sample.shape).sort())
  })
  it('leaves strategies without sampler families as they are, and drops groups a strategy lacks', () => {
    expect(layoutParams(['a', 'order', 'b']).main).toEqual(['a', 'b', 'order'])
    expect(layoutParams(Object.keys(STRATEGY_PARAMS.beam.shape))).toEqual({
      main: Object.keys(STRATEGY_PARAMS.beam.shape),
      groups: [],
    })
    const spec = layoutParams(Object.keys(STRATEGY_PARAMS.speculative.shape))
    expect(spec.groups.map((g) => g.id)).not.toContain('xtc')
    expect(spec.groups.map((g) => g.id)).not.toContain('mirostat')
  })
  it('says what an empty field means: the default, off, or the neutral value the run uses', () => {
    expect(paramHint('sample', 'temperature')).toEqual({ value: '1' })
    expect(paramHint('sample', 'samples')).toEqual({ value: '1' })
    expect(paramHint('sample', 'topK')).toBe('off')
    expect(paramHint('sample', 'dryMultiplier')).toBe('off')
    expect(paramHint('sample', 'mirostat')).toBe('off')
    expect(paramHint('sample', 'adaptiveTarget')).toBe('off')
    expect(paramHint('sample', 'dryBase')).toEqual({ value: '1.75' })
    expect(paramHint('sample', 'dryAllowedLength')).toEqual({ value: '2' })
    expect(paramHint('sample', 'xtcThreshold')).toEqual({ value: '0.1' })
    expect(paramHint('sample', 'mirostatTau')).toEqual({ value: '5' })
    expect(paramHint('sample', 'seed')).toBe('default')
  })
})
