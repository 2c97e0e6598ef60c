import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { strategyExamples, strategyTable } from './examples'
import { isStrategyName, PICKABLE_STRATEGY_NAMES, STRATEGIES, STRATEGY_NAMES } from '.'

describe('the strategy registry', () => {
  it("is the README's strategy table, row for row", () => {
    const readme = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8')
    const start = readme.indexOf('| strategy | parameters (defaults) |')
    const table = readme.slice(start, readme.indexOf('\n\n', start))
    expect(table).toBe(strategyTable())
  })

  it('names every strategy once, in the order of the menu and the help; score is stored but never offered', () => {
    expect(PICKABLE_STRATEGY_NAMES).toEqual([
      'greedy',
      'beam',
      'nucleus',
      'topk',
      'sample',
      'minp',
      'typical',
      'exact',
      'speculative',
      'mbr',
      'vote',
      'contrastive',
    ])
    expect(STRATEGY_NAMES).toEqual([...PICKABLE_STRATEGY_NAMES, 'score'])
    expect(isStrategyName('score')).toBe(true)
    expect(isStrategyName('beam')).toBe(true)
    expect(isStrategyName('toString')).toBe(false)
  })

  it('gives the CLI help one example per strategy, three to a line', () => {
    expect(strategyExamples()).toBe(
      [
        'greedy | beam:width=4,lengthPenalty=0 | nucleus:p=0.9,temperature=1,seed=7,samples=1',
        '        | topk:k=40,temperature=1,seed=1,samples=1 | sample:temperature=1,seed=1 | minp:p=0.05',
        '        | typical:p=0.95 | exact:budget=1000000 | speculative:draft=MODEL,lookahead=4,seed=1,samples=1',
        '        | mbr:samples=16,proposal=nucleus:p=0.9,utility=chrf | vote:samples=16,proposal=nucleus:p=0.9 | contrastive:amateur=MODEL,alpha=0.1,width=1',
      ].join('\n'),
    )
  })

  it("keeps every preset valid under its own strategy's schema", () => {
    for (const [name, entry] of Object.entries(STRATEGIES)) {
      for (const preset of entry.presets) {
        const modelKey = entry.takesDraft ? (('modelKey' in entry ? entry.modelKey : undefined) ?? 'draft') : 'draft'
        const textKeys = new Set(Object.keys(('textParams' in entry ? entry.textParams : undefined) ?? {}))
        const { [modelKey]: model, ...rest } = preset as Record<string, number | string>
        const params = Object.fromEntries(Object.entries(rest).filter(([k]) => !textKeys.has(k)))
        expect(entry.takesDraft === true, `${name} preset ${JSON.stringify(preset)}`).toBe(model !== undefined)
        expect(entry.schema().safeParse(params).success, `${name} preset ${JSON.stringify(preset)}`).toBe(true)
      }
    }
  })

  it('names every parameter in Chinese, one name per parameter across strategies', () => {
    const names = new Map<string, string>()
    for (const [name, entry] of Object.entries(STRATEGIES)) {
      const display = entry.display.params as Record<string, string>
      expect(Object.keys(display).sort(), name).toEqual(Object.keys(entry.schema().shape).sort())
      for (const [param, zh] of Object.entries(display)) {
        expect(names.get(param) ?? zh, `${name}.${param}`).toBe(zh)
        names.set(param, zh)
      }
      if (entry.display.short) expect(Object.keys(entry.schema().shape), name).toContain(entry.display.short.param)
    }
  })
})
