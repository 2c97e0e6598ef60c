// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { seedWeather } from '../testing/builtin-tables'
import { run } from '../testing/tables'

// seed-weather: P(天|<start>) 0.6, P(好|<start>) 0.4; P(气|天) 0.9, P(好|天) 0.1; P(<end>|好) 1.
const firstStep = (tree: Awaited<ReturnType<typeof run>>['tree']) =>
  Object.fromEntries(tree.filter((n) => n.parent === 0).map((n) => [n.text, [n.prob, n.processedProb, n.filteredBy]]))

describe('sample with logitBias and bannedStrings', () => {
  it('bans 天 with 天=false: 好 is drawn with processed probability 1, and 天 is filtered by the constraint', async () => {
    const r = await run(seedWeather, 'sample:logitBias=天=false,seed=1', { maxTokens: 4 })
    expect(firstStep(r.tree)).toEqual({ 天: [0.6, 0, 'logitBias'], 好: [0.4, 1, null] })
    expect(r.sequences[0].tokens).toEqual(['好', '<end>'])
    // The sequence keeps the model's own probabilities: 0.4 × 1.0.
    expect(r.sequences[0].probability).toBeCloseTo(0.4, 12)
  })
  it('raises 好 by ln 1.5: 0.4 × 1.5 / (0.6 + 0.6) = 0.5 against 天’s 0.6 / 1.2 = 0.5', async () => {
    const r = await run(seedWeather, `sample:logitBias=好=${Math.log(1.5)},seed=2`, { maxTokens: 4 })
    const step = firstStep(r.tree)
    expect(step['好'][1]).toBeCloseTo(0.5, 12)
    expect(step['天'][1]).toBeCloseTo(0.5, 12)
    expect([step['好'][2], step['天'][2]]).toEqual([null, null])
  })
  it('bans the string 天气: after 天 only 好 (0.1 → 1) is left, 气 filtered by bannedStrings', async () => {
    const r = await run(seedWeather, 'sample:bannedStrings=["天气"],seed=3', { maxTokens: 4 })
    const second = r.tree.filter((n) => r.tree.find((p) => p.id === n.parent)?.text === '天')
    expect(Object.fromEntries(second.map((n) => [n.text, [n.processedProb, n.filteredBy]]))).toEqual({
      气: [0, 'bannedStrings'],
      好: [1, null],
    })
    // The first step is not constrained: 天 and 好 keep 0.6 and 0.4; this seed draws 天, then 好, then <end>.
    expect(firstStep(r.tree)).toEqual({ 天: [0.6, 0.6, null], 好: [0.4, 0.4, null] })
    expect(r.sequences[0].tokens).toEqual(['天', '好', '<end>'])
  })
  it('refuses what does not parse, naming the parameter', async () => {
    await expect(run(seedWeather, 'sample:bannedStrings=气')).rejects.toThrow(
      'bannedStrings must be a JSON array of texts, such as ["Hello", " world"]; got 气',
    )
    await expect(run(seedWeather, 'sample:logitBias=天')).rejects.toThrow(/logitBias must be token=bias pairs/)
  })
})
