// @vitest-environment node
import { describe, expect, it } from 'vitest'
import type { StrategySpec } from '../../../core/strategy-spec'
import { branchForced, branchStrategy, isScoreRun, isTextlessScoreRun, pathAsText } from './branch-strategy'

describe('branchStrategy', () => {
  it('continues a scored text greedily: a score run has no strategy of its own to continue with', () => {
    const scored: StrategySpec = { name: 'score', params: {}, textParams: { text: '天好' } }
    expect(isScoreRun(scored)).toBe(true)
    expect(branchStrategy(scored, 'own', 'seed-weather', [3])).toEqual({ name: 'greedy', params: {}, forced: [3] })
    expect(isScoreRun({ name: 'greedy' })).toBe(false)
  })

  it('tells a score run stored before its spec kept the text, the one that cannot be re-run', () => {
    expect(isTextlessScoreRun({ name: 'score' })).toBe(true)
    expect(isTextlessScoreRun({ name: 'score', textParams: {} })).toBe(true)
    expect(isTextlessScoreRun({ name: 'score', textParams: { text: '天好' } })).toBe(false)
    expect(isTextlessScoreRun({ name: 'greedy' })).toBe(false)
  })

  const nucleus = { name: 'nucleus' as const, params: { p: 0.9, temperature: 1, seed: 42, samples: 1 }, forced: [1] }

  it('keeps the run’s own parameters and seed, and replaces its forced tokens with the new path', () => {
    expect(branchStrategy(nucleus, 'own', 'seed-weather', [1, 3])).toEqual({
      name: 'nucleus',
      params: { p: 0.9, temperature: 1, seed: 42, samples: 1 },
      forced: [1, 3],
    })
  })

  it('keeps a speculative run’s draft model', () => {
    const spec = {
      name: 'speculative' as const,
      params: { lookahead: 4, temperature: 1, seed: 7, samples: 1 },
      draft: 'tiny',
    }
    expect(branchStrategy(spec, 'own', 'seed-weather', [3])).toEqual({ ...spec, forced: [3] })
  })

  it('gives another strategy its defaults (filled in by the service), and speculative the experiment’s model as draft', () => {
    expect(branchStrategy(nucleus, 'beam', 'greedy-trap', [2])).toEqual({ name: 'beam', params: {}, forced: [2] })
    expect(branchStrategy(nucleus, 'speculative', 'greedy-trap', [2])).toEqual({
      name: 'speculative',
      params: {},
      draft: 'greedy-trap',
      forced: [2],
    })
  })

  it('does not share the path array with the caller', () => {
    const path = [1]
    const spec = branchStrategy(nucleus, 'greedy', 'm', path)
    path.push(2)
    expect(spec.forced).toEqual([1])
  })
})

describe('branchForced: the text field of the branch form', () => {
  // seed-weather: 天 1, 好 3.
  it('forces the path’s token ids while the text is as the form filled it in', () => {
    expect(branchForced([1, 3], ['天', '好'])).toEqual({ forced: [1, 3] })
    expect(branchForced([1, 3], ['天', '好'], '天 好')).toEqual({ forced: [1, 3] })
  })

  it('sends an edited text as it is, for the model to tokenize, and no ids', () => {
    expect(branchForced([1, 3], ['天', '好'], '天气')).toEqual({ forcedText: '天气' })
    expect(
      branchStrategy({ name: 'greedy', params: {} }, 'own', 'seed-weather', branchForced([1], ['天'], '天 气 好')),
    ).toEqual({ name: 'greedy', params: {}, forcedText: '天 气 好' })
  })

  it('fills the field with the token texts separated by spaces', () => {
    expect(pathAsText(['the', 'cat'])).toBe('the cat')
  })

  it('fills it with a JSON array when a token holds whitespace, which spaces between tokens would lose', () => {
    expect(pathAsText(['Hello', ' world', '\n'])).toBe('["Hello"," world","\\n"]')
    expect(pathAsText(['#1', 'a'])).toBe('["#1","a"]')
    expect(branchForced([9707, 1879], ['Hello', ' world'])).toEqual({ forced: [9707, 1879] })
  })
})
