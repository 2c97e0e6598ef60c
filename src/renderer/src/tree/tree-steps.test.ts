// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { greedyTrap } from '../../../core/testing/builtin-tables'
import { run } from '../../../core/testing/tables'
import type { TreeNode } from '../../../core/types'
import { expansionPlan, stepState } from './tree-steps'

/** "text:status" of every node that exists at the step, in id order ("^" is the prompt). */
function at(tree: TreeNode[], step: number): string[] {
  const { status } = stepState(tree, expansionPlan(tree), step)
  return tree.filter((n) => status.has(n.id)).map((n) => `${n.id === 0 ? '^' : n.text}:${status.get(n.id)}`)
}

describe('greedy-trap, beam of width 2: the beam moves one expansion at a time', async () => {
  // Nodes in creation order: 0 ^, 1 the, 2 a, 3 the-cat, 4 the-dog, 5 the-bird, 6 a-cat, 7 a-dog, 8 a-cat-</s>, 9 the-cat-</s>.
  const { tree } = await run(greedyTrap, 'beam:width=2')
  const plan = expansionPlan(tree)

  it('orders the expansions as the search made them: ^, the, a, a cat, the cat', () => {
    expect(plan.order).toEqual([0, 1, 2, 6, 3])
    expect(plan.bounds).toEqual([1, 3, 6, 8, 9])
    expect(plan.minDepthFrom).toEqual([0, 1, 1, 2, 2, Infinity])
  })

  it('step 0 shows the prompt alone', () => {
    expect(at(tree, 0)).toEqual(['^:kept'])
    expect(stepState(tree, plan, 0).current).toBe(null)
  })

  it('after the first round both first tokens are in the beam', () => {
    expect(at(tree, 1)).toEqual(['^:kept', 'the:kept', 'a:kept'])
    expect(stepState(tree, plan, 1).current).toBe(0)
  })

  it('in the middle of round two, the children of "the" are still undecided candidates', () => {
    expect(at(tree, 2)).toEqual(['^:kept', 'the:kept', 'a:kept', 'cat:candidate', 'dog:candidate', 'bird:candidate'])
  })

  it('when round two ends, "a cat" and "the cat" are kept and the other three are pruned', () => {
    expect(at(tree, 3)).toEqual([
      '^:kept',
      'the:kept',
      'a:kept',
      'cat:kept',
      'dog:pruned',
      'bird:pruned',
      'cat:kept',
      'dog:pruned',
    ])
    expect(stepState(tree, plan, 3).current).toBe(2)
  })

  it('round three adds "</s>" under "a cat" first, undecided until the round ends', () => {
    expect(at(tree, 4)).toEqual([
      '^:kept',
      'the:kept',
      'a:kept',
      'cat:kept',
      'dog:pruned',
      'bird:pruned',
      'cat:kept',
      'dog:pruned',
      '</s>:candidate',
    ])
  })

  it('the last step shows the stored statuses, with the chosen paths', () => {
    expect(at(tree, 5)).toEqual([
      '^:chosen',
      'the:chosen',
      'a:chosen',
      'cat:chosen',
      'dog:pruned',
      'bird:pruned',
      'cat:chosen',
      'dog:pruned',
      '</s>:chosen',
      '</s>:chosen',
    ])
    expect(at(tree, 99)).toEqual(at(tree, 5))
    expect(at(tree, -3)).toEqual(at(tree, 0))
  })
})

describe('greedy-trap, greedy', async () => {
  const { tree } = await run(greedyTrap, 'greedy')

  it('keeps "the" right after the first expansion and leaves "a" a candidate', () => {
    expect(expansionPlan(tree).order).toEqual([0, 1, 3])
    expect(at(tree, 1)).toEqual(['^:kept', 'the:kept', 'a:candidate'])
    expect(at(tree, 2)).toEqual(['^:kept', 'the:kept', 'a:candidate', 'cat:kept', 'dog:candidate', 'bird:candidate'])
  })
})

describe('expansionPlan edge cases', () => {
  const node = (id: number, parent: number | null, expanded: boolean): TreeNode => ({
    id,
    parent,
    tokenId: parent === null ? null : id,
    text: `t${id}`,
    prob: 0.5,
    logProb: 0,
    depth: parent === null ? 0 : 1,
    rank: 0,
    status: 'candidate',
    expanded,
    otherMass: null,
    entropy: null,
    partial: false,
  })

  it('sorts an expanded node without stored children just after its own id', () => {
    const tree = [node(0, null, true), node(1, 0, true), node(2, 0, false)]
    expect(expansionPlan(tree)).toEqual({ order: [0, 1], bounds: [1, 1.5], minDepthFrom: [0, 1, Infinity] })
  })

  it('has one step, the whole tree, when nothing was expanded', () => {
    const tree = [node(0, null, false)]
    expect(expansionPlan(tree).order).toEqual([])
    expect(stepState(tree, expansionPlan(tree), 0).status).toEqual(new Map([[0, 'candidate']]))
  })
})
