// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { compareHypotheses, compareTokens } from './hypothesis-order'
import { MinHeap } from './min-heap'

describe('compareTokens', () => {
  it('compares token by token, lower id first, a prefix before its extensions', () => {
    expect(compareTokens([1, 9], [2, 0])).toBeLessThan(0)
    expect(compareTokens([2, 0], [1, 9])).toBeGreaterThan(0)
    expect(compareTokens([1, 2], [1, 3])).toBeLessThan(0)
    expect(compareTokens([1], [1, 0])).toBeLessThan(0)
    expect(compareTokens([1, 2], [1, 2])).toBe(0)
  })
})

describe('compareHypotheses', () => {
  it('puts the higher score first, then the lower tokens', () => {
    const sorted = [
      { score: -2, tokens: [0] },
      { score: -1, tokens: [5, 1] },
      { score: -1, tokens: [4, 9] },
      { score: -1, tokens: [4] },
    ].sort(compareHypotheses)
    expect(sorted.map((h) => h.tokens)).toEqual([[4], [4, 9], [5, 1], [0]])
  })
})

describe('MinHeap', () => {
  it('pops in comparator order, whatever the push order', () => {
    const heap = new MinHeap<number>((a, b) => a - b)
    for (const x of [5, 3, 9, 1, 7, 3, 0, 8, 2, 6, 4]) heap.push(x)
    expect(heap.size).toBe(11)
    const out: number[] = []
    while (heap.size > 0) out.push(heap.pop() as number)
    expect(out).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9])
    expect(heap.pop()).toBeUndefined()
  })

  it('breaks equal costs with the tie-breaker in the comparator', () => {
    const heap = new MinHeap<{ cost: number; tokens: number[] }>(
      (a, b) => a.cost - b.cost || compareTokens(a.tokens, b.tokens),
    )
    for (const tokens of [[3], [1, 2], [2], [1, 1]]) heap.push({ cost: 1, tokens })
    heap.push({ cost: 0.5, tokens: [9] })
    const out: number[][] = []
    while (heap.size > 0) out.push((heap.pop() as { tokens: number[] }).tokens)
    expect(out).toEqual([[9], [1, 1], [1, 2], [2], [3]])
  })
})
