import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../../../core/types'
import { stepView } from './step-view'

const node = (
  id: number,
  parent: number | null,
  text: string,
  prob: number,
  extra: Partial<TreeNode> = {},
): TreeNode => ({
  id,
  parent,
  tokenId: parent === null ? null : id,
  text,
  prob,
  logProb: Math.log(prob),
  depth: parent === null ? 0 : 1,
  rank: 0,
  status: 'candidate',
  expanded: false,
  otherMass: null,
  entropy: null,
  partial: false,
  ...extra,
})

// top-k 2 then min-p 0.2 over 0.5, 0.3, 0.15, 0.05, then temperature: A and B share the mass 0.625 / 0.375.
const sampled: TreeNode[] = [
  node(0, null, '', 1, { expanded: true, sampler: { temperature: 0.8 } }),
  node(1, 0, 'A', 0.5, { rank: 0, status: 'chosen', processedProb: 0.625, filteredBy: null }),
  node(2, 0, 'B', 0.3, { rank: 1, processedProb: 0.375, filteredBy: null }),
  node(4, 0, 'D', 0.05, { rank: 3, processedProb: 0, filteredBy: 'minP' }),
  node(3, 0, 'C', 0.15, { rank: 2, processedProb: 0, filteredBy: 'topK' }),
]

describe('the step panel of a sampled step', () => {
  it('lists the candidates by the model’s probability with both probabilities, a cut line where each truncation first removed one, and who removed how many', () => {
    const view = stepView(sampled, sampled[1])
    expect(view?.step.id).toBe(0)
    expect(view?.rows.map((r) => [r.text, r.prob, r.processedProb, r.filteredBy, r.chosen])).toEqual([
      ['A', 0.5, 0.625, null, true],
      ['B', 0.3, 0.375, null, false],
      ['C', 0.15, 0, 'topK', false],
      ['D', 0.05, 0, 'minP', false],
    ])
    expect(view?.chained).toBe(true)
    expect(view?.cuts).toEqual([
      { before: 2, processor: 'topK' },
      { before: 3, processor: 'minP' },
    ])
    expect(view?.removedBy).toEqual([
      { processor: 'topK', count: 1 },
      { processor: 'minP', count: 1 },
    ])
    expect(view?.sampler).toEqual({ temperature: 0.8 })
    expect(view?.more).toBe(0)
  })
  it('shows at most `limit` rows and counts the rest', () => {
    const view = stepView(sampled, sampled[2], 2)
    expect(view?.rows.map((r) => r.text)).toEqual(['A', 'B'])
    expect(view?.more).toBe(2)
    // No truncation's first removal is among the rows shown: no cut line is drawn.
    expect(view?.cuts).toEqual([])
  })
  it('says no chain ran at a greedy step, and has no step for a prompt never expanded', () => {
    const greedy = sampled.map(
      ({ processedProb, filteredBy, sampler, ...n }) => (void [processedProb, filteredBy, sampler], n),
    )
    const view = stepView(greedy, greedy[1])
    expect(view?.chained).toBe(false)
    expect(view?.cuts).toEqual([])
    expect(view?.removedBy).toEqual([])
    expect(stepView([node(0, null, '', 1)], node(0, null, '', 1))).toBeNull()
  })
})
