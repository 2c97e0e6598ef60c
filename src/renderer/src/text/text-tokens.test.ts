import { describe, expect, it } from 'vitest'
import { seedWeather } from '../../../core/testing/builtin-tables'
import { run } from '../../../core/testing/tables'
import type { TreeNode } from '../../../core/types'
import { bucket, textTokens } from './text-tokens'

const maps = (tree: readonly TreeNode[]) => {
  const byId = new Map(tree.map((n) => [n.id, n]))
  const childrenOf = new Map<number, TreeNode[]>()
  for (const n of tree) if (n.parent !== null) childrenOf.set(n.parent, [...(childrenOf.get(n.parent) ?? []), n])
  return [byId, childrenOf] as const
}

describe('the Text tab’s tokens', () => {
  it('give greedy’s 天 气 好 <end> on seed-weather with rank, entropy, cumulative log P and the alternatives', async () => {
    const r = await run(seedWeather, 'greedy')
    const [byId, childrenOf] = maps(r.tree)
    const tokens = textTokens(r.sequences[0], byId, childrenOf)
    expect(tokens.map((t) => t.text)).toEqual(['天', '气', '好', '<end>'])
    expect(tokens.map((t) => t.rank)).toEqual([0, 0, 0, 0])
    expect(tokens[0].alternatives.map((a) => `${a.text} ${a.prob}`)).toEqual(['天 0.6', '好 0.4'])
    // H(0.6, 0.4) = 0.6730 nats; the cumulative log P after 天 气 is ln 0.54.
    expect(tokens[0].entropy).toBeCloseTo(0.673, 3)
    expect(Math.exp(tokens[1].cumulative)).toBeCloseTo(0.54, 12)
    expect(tokens.every((t) => !t.forced)).toBe(true)
  })

  it('still list the tokens of a run stored without its tree', async () => {
    const r = await run(seedWeather, 'greedy')
    const tokens = textTokens(r.sequences[0], new Map(), new Map())
    expect(tokens.map((t) => [t.text, t.rank, t.entropy, t.alternatives.length])).toEqual([
      ['天', null, null, 0],
      ['气', null, null, 0],
      ['好', null, null, 0],
      ['<end>', null, null, 0],
    ])
  })
})

describe('colour buckets', () => {
  it('follow GLTR’s ranks: top-1, top-10, top-100, top-1000, the rest', () => {
    expect(
      [0, 1, 9, 10, 99, 100, 999, 1000, 5000].map((rank) => bucket({ prob: 0.1, rank, entropy: 1 }, 'rank')),
    ).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4])
    expect(bucket({ prob: 0.1, rank: null, entropy: 1 }, 'rank')).toBeNull()
  })

  it('split probabilities at 0.5, 0.1 and 0.01, and entropies at 0.5, 1.5 and 3 nats', () => {
    expect(
      [1, 0.5, 0.49, 0.1, 0.05, 0.01, 0.001].map((prob) => bucket({ prob, rank: 0, entropy: null }, 'probability')),
    ).toEqual([0, 0, 1, 1, 2, 2, 3])
    expect([0, 0.5, 0.6, 1.5, 2, 3, 3.1].map((entropy) => bucket({ prob: 1, rank: 0, entropy }, 'entropy'))).toEqual([
      0, 0, 1, 1, 2, 2, 3,
    ])
    expect(bucket({ prob: 1, rank: 0, entropy: null }, 'entropy')).toBeNull()
  })
})
