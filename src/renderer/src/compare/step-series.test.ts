// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { greedyTrap, seedWeather } from '../../../core/testing/builtin-tables'
import { run } from '../../../core/testing/tables'
import type { Sequence, TreeNode } from '../../../core/types'
import { cumulativeLogProbs, nodesById, stepEntropies, stepLogProbs, stepRows, sameAsEarlier } from './step-series'

const closeTo = (actual: (number | null)[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length)
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 12))
}

describe('per-step series of seed-weather greedy (天 气 好 <end>)', async () => {
  const { sequences, tree } = await run(seedWeather, 'greedy')
  const seq = sequences[0]

  it('log-probabilities are ln 0.6, ln 0.9, ln 0.8, ln 1.0', () => {
    closeTo(stepLogProbs(seq), [-0.5108256237659907, -0.10536051565782628, -0.2231435513142097, 0])
  })

  it('cumulative log-probability ends at ln 0.432', () => {
    closeTo(
      cumulativeLogProbs(seq),
      [-0.5108256237659907, -0.6161861394238171, -0.8393296907380268, -0.8393296907380268],
    )
    expect(Math.exp(cumulativeLogProbs(seq)[3])).toBeCloseTo(0.432, 12)
  })

  it('entropies are those of the distributions each token was drawn from: H(.6,.4), H(.9,.1), H(.8,.2), H(1)', () => {
    closeTo(stepEntropies(seq, nodesById(tree)), [0.6730116670092565, 0.3250829733914482, 0.5004024235381879, 0])
  })
})

describe('per-step entropies of greedy-trap beam width 2', async () => {
  const { sequences, tree } = await run(greedyTrap, 'beam:width=2')

  it('a cat </s> walks H(.55,.45), H(.9,.1), H(1); the cat </s> walks H(.55,.45), H(.4,.3,.3), H(1)', () => {
    expect(sequences.map((s) => s.tokens.join(' '))).toEqual(['a cat </s>', 'the cat </s>'])
    const byId = nodesById(tree)
    closeTo(stepEntropies(sequences[0], byId), [0.6881388137135884, 0.3250829733914482, 0])
    closeTo(stepEntropies(sequences[1], byId), [0.6881388137135884, 1.0888999753452238, 0])
  })
})

describe('stepEntropies without the tree', () => {
  it('gives null at every step when the path is missing or does not match the steps', () => {
    const seq = { nodeId: 2, steps: [{ tokenId: 1, token: 'a', prob: 0.5, logProb: Math.log(0.5) }] } as Pick<
      Sequence,
      'nodeId' | 'steps'
    >
    expect(stepEntropies(seq, new Map())).toEqual([null])
    const root = { id: 0, parent: null, entropy: 1 } as TreeNode
    const wrongDepth = { id: 2, parent: 1, entropy: null } as TreeNode
    const middle = { id: 1, parent: 0, entropy: 0.5 } as TreeNode
    expect(stepEntropies(seq, nodesById([root, middle, wrongDepth]))).toEqual([null])
  })
})

describe('stepRows', () => {
  it('puts step t + 1 on row t and leaves out values a series does not have', () => {
    expect(
      stepRows([
        { key: 's0', values: [-1, -2, -3] },
        { key: 's1', values: [0.5, null] },
      ]),
    ).toEqual([
      { step: 1, s0: -1, s1: 0.5 },
      { step: 2, s0: -2 },
      { step: 3, s0: -3 },
    ])
    expect(stepRows([])).toEqual([])
  })
})

describe('identical series', () => {
  it('point each repeat at the first series with the same values', () => {
    const s = (key: string, values: (number | null)[]) => ({ key, values })
    expect(
      sameAsEarlier([
        s('a', [-0.5, -0.1]),
        s('b', [-0.5, -0.1]),
        s('c', [-0.5]),
        s('d', [-0.5, -0.1]),
        s('e', [null, -1]),
        s('f', [null, -1]),
      ]),
    ).toEqual([null, 0, null, 0, null, 4])
    expect(sameAsEarlier([])).toEqual([])
  })
})
