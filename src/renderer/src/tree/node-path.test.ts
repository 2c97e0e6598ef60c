// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { seedWeather } from '../../../core/testing/builtin-tables'
import { nodeAt, run } from '../../../core/testing/tables'
import type { TreeNode } from '../../../core/types'
import { nodePath } from './node-path'

describe('nodePath on seed-weather greedy (ids: 天 1, 气 2, 好 3, <end> 4)', async () => {
  const { tree } = await run(seedWeather, 'greedy')
  const byId = new Map(tree.map((n) => [n.id, n]))

  it('is empty for the root, which stands for the prompt', () => {
    expect(nodePath(byId, tree[0].id)).toEqual([])
  })

  it('is the one token of a candidate under the root: 好 → [3]', () => {
    expect(nodePath(byId, nodeAt(tree, '好').id)).toEqual([3])
  })

  it('walks down from the root: 天 好 → [1, 3], 天 气 好 <end> → [1, 2, 3, 4]', () => {
    expect(nodePath(byId, nodeAt(tree, '天', '好').id)).toEqual([1, 3])
    expect(nodePath(byId, nodeAt(tree, '天', '气', '好', '<end>').id)).toEqual([1, 2, 3, 4])
  })

  it('throws for a node that is not in the tree or whose ancestor is missing', () => {
    expect(() => nodePath(byId, 999)).toThrow('tree node 999 is not connected to the root')
    const orphan = { id: 7, parent: 6, tokenId: 2 } as TreeNode
    expect(() => nodePath(new Map([[7, orphan]]), 7)).toThrow('tree node 7 is not connected to the root')
  })
})
