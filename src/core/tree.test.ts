// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Summary } from './distribution'
import { childrenOf, nodeAt, run, table, tableModel } from './testing/tables'
import { ProbabilityTree } from './tree'
import type { TreeNode } from './types'

const builtIn = (name: string) =>
  tableModel(
    name,
    JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../resources/models/${name}.table.json`), 'utf8')),
  )

const sw = builtIn('seed-weather')
const trap = builtIn('greedy-trap')

/** −Σ p ln p. */
const h = (...ps: number[]) => -ps.reduce((s, p) => s + p * Math.log(p), 0)

const statusAt = (tree: readonly TreeNode[], ...texts: string[]) => nodeAt(tree, ...texts).status

describe('greedy on seed-weather', () => {
  it('marks the chosen path and leaves the other candidates as candidates', async () => {
    const { tree } = await run(sw, 'greedy')
    // Root; 天, 好; under 天: 气, 好; under 天气: 好, <end>; under 天气好: <end>.
    expect(tree).toHaveLength(8)
    for (const p of [[], ['天'], ['天', '气'], ['天', '气', '好'], ['天', '气', '好', '<end>']]) {
      expect(statusAt(tree, ...p), p.join('')).toBe('chosen')
    }
    for (const p of [['好'], ['天', '好'], ['天', '气', '<end>']])
      expect(statusAt(tree, ...p), p.join('')).toBe('candidate')
  })

  it('stores each node’s own probability, cumulative log-probability, depth and rank', async () => {
    const { tree } = await run(sw, 'greedy')
    const hao = nodeAt(tree, '天', '气', '好')
    expect([hao.prob, hao.depth, hao.rank]).toEqual([0.8, 3, 0])
    expect(hao.logProb).toBeCloseTo(Math.log(0.6 * 0.9 * 0.8), 12)
    const end = nodeAt(tree, '天', '气', '<end>')
    expect([end.prob, end.depth, end.rank]).toEqual([0.2, 3, 1])
    expect(end.logProb).toBeCloseTo(Math.log(0.6 * 0.9 * 0.2), 12)
    expect(nodeAt(tree, '好').rank).toBe(1)
    expect(tree[0]).toMatchObject({ parent: null, tokenId: null, text: '', prob: 1, logProb: 0, depth: 0 })
  })

  it('stores other mass and entropy of every expanded node', async () => {
    const { tree } = await run(sw, 'greedy')
    const expanded = tree.filter((n) => n.expanded).map((n) => n.id)
    expect(expanded).toEqual([[], ['天'], ['天', '气'], ['天', '气', '好']].map((p) => nodeAt(tree, ...p).id))
    const entropies: [string[], number][] = [
      [[], h(0.6, 0.4)],
      [['天'], h(0.9, 0.1)],
      [['天', '气'], h(0.8, 0.2)],
      [['天', '气', '好'], 0],
    ]
    for (const [p, e] of entropies) {
      const n = nodeAt(tree, ...p)
      expect(n.entropy, p.join('')).toBeCloseTo(e, 12)
      expect(n.otherMass, p.join('')).toBeCloseTo(0, 12)
      expect(n.partial).toBe(false)
    }
    const leaf = nodeAt(tree, '好')
    expect([leaf.expanded, leaf.otherMass, leaf.entropy]).toEqual([false, null, null])
  })

  it('with topN = 1 stores one candidate per node and the rest as other mass', async () => {
    const { tree } = await run(trap, 'greedy', { topN: 1 })
    expect(childrenOf(tree, 0).map((n) => n.text)).toEqual(['the'])
    // Root: the .55 stored, a .45 in other mass; entropy of the full row.
    expect(tree[0].otherMass).toBeCloseTo(0.45, 12)
    expect(tree[0].entropy).toBeCloseTo(h(0.55, 0.45), 12)
    // the: cat .4 stored, dog .3 + bird .3 in other mass.
    const the = nodeAt(tree, 'the')
    expect(childrenOf(tree, the.id).map((n) => n.text)).toEqual(['cat'])
    expect(the.otherMass).toBeCloseTo(0.6, 12)
    expect(the.entropy).toBeCloseTo(h(0.4, 0.3, 0.3), 12)
  })
})

describe('beam statuses', () => {
  it('greedy-trap, width 2: both finals chosen, the rest pruned', async () => {
    const { tree } = await run(trap, 'beam:width=2')
    for (const p of [[], ['the'], ['a'], ['the', 'cat'], ['a', 'cat'], ['the', 'cat', '</s>'], ['a', 'cat', '</s>']]) {
      expect(statusAt(tree, ...p), p.join(' ')).toBe('chosen')
    }
    // the dog .165 and a dog .045 lose to a cat .405 and the cat .22; the bird ties the dog and loses on id.
    for (const p of [
      ['the', 'dog'],
      ['a', 'dog'],
      ['the', 'bird'],
    ])
      expect(statusAt(tree, ...p), p.join(' ')).toBe('pruned')
    expect(tree.some((n) => n.status === 'candidate' || n.status === 'kept' || n.status === 'filtered')).toBe(false)
  })

  it('a hypothesis kept at one step but on no final path stays kept', async () => {
    // x .6 spreads over four tokens (.15 each) and loses to y a .24 and y b .16.
    const m = table('spread', {
      vocab: ['<s>', 'x', 'y', 'a', 'b', 'c', 'd', '</s>'],
      rules: [
        { context: ['<s>'], next: { x: 0.6, y: 0.4 } },
        { context: ['<s>', 'x'], next: { a: 0.25, b: 0.25, c: 0.25, d: 0.25 } },
        { context: ['<s>', 'y'], next: { a: 0.6, b: 0.4 } },
      ],
      default: { '</s>': 1 },
    })
    const { tree } = await run(m, 'beam:width=2')
    expect(statusAt(tree, 'x')).toBe('kept')
    for (const t of ['a', 'b', 'c', 'd']) expect(statusAt(tree, 'x', t)).toBe('pruned')
    for (const p of [['y'], ['y', 'a'], ['y', 'b'], ['y', 'a', '</s>'], ['y', 'b', '</s>']])
      expect(statusAt(tree, ...p)).toBe('chosen')
  })
})

describe('sampling statuses', () => {
  it('nucleus with a small p marks what it cut as filtered', async () => {
    // p = 0.5: 天 .6, 气 .9, 好 .8, <end> 1 each reach it alone; every other token is filtered.
    const r = await run(sw, 'nucleus:p=0.5,seed=1,samples=3')
    expect(r.sequences.map((s) => s.text)).toEqual(['天气好', '天气好', '天气好'])
    const { tree } = r
    for (const p of [['好'], ['天', '好'], ['天', '气', '<end>']])
      expect(statusAt(tree, ...p), p.join('')).toBe('filtered')
    for (const p of [['天'], ['天', '气'], ['天', '气', '好'], ['天', '气', '好', '<end>']])
      expect(statusAt(tree, ...p)).toBe('chosen')
  })

  it('a drawn token is chosen, one never drawn but allowed stays a candidate', async () => {
    // p = 0.9 at the root keeps 天 and 好; on one sample only one of them is drawn.
    const { tree } = await run(sw, 'nucleus:p=0.9,seed=2,samples=1')
    const statuses = [statusAt(tree, '天'), statusAt(tree, '好')].sort()
    expect(statuses).toEqual(['candidate', 'chosen'])
  })
})

describe('topN limits the stored candidates', () => {
  // 100 tokens: <s> 0, </s> 1, t2 … t99; token k has weight k / 4950 (1 + … + 99 = 4950) everywhere,
  // so ranks are 99 − k and the top 10 (t99 … t90) hold (90 + … + 99) / 4950 = 945 / 4950.
  const vocab = ['<s>', '</s>', ...Array.from({ length: 98 }, (_, i) => `t${i + 2}`)]
  const row = Object.fromEntries(vocab.slice(1).map((t, i) => [t, (i + 1) / 4950]))
  const big = table('big', { vocab, default: row })
  const otherMass = 1 - 945 / 4950
  const entropy = -Array.from({ length: 99 }, (_, i) => (i + 1) / 4950).reduce((s, p) => s + p * Math.log(p), 0)

  function checkLimits(tree: readonly TreeNode[]): number {
    let beyond = 0
    for (const node of tree.filter((n) => n.expanded)) {
      const children = childrenOf(tree, node.id)
      for (const c of children) expect(c.rank).toBe(99 - (c.tokenId as number))
      // The stored candidates: at most 10 of rank < 10; anything else was chosen or kept.
      expect(children.filter((c) => c.rank < 10).length).toBeLessThanOrEqual(10)
      for (const c of children.filter((c) => c.rank >= 10)) {
        expect(['chosen', 'kept']).toContain(c.status)
        beyond++
      }
      expect(node.otherMass).toBeCloseTo(otherMass, 12)
      expect(node.entropy).toBeCloseTo(entropy, 12)
    }
    return beyond
  }

  it('greedy: exactly the top 10 under each expanded node', async () => {
    const r = await run(big, 'greedy', { maxTokens: 3, topN: 10 })
    expect(r.sequences[0].tokens).toEqual(['t99', 't99', 't99'])
    // (99 / 4950)³ = 0.02³.
    expect(r.sequences[0].probability).toBeCloseTo(8e-6, 15)
    expect(checkLimits(r.tree)).toBe(0)
    expect(childrenOf(r.tree, 0).map((n) => n.text)).toEqual([
      't99',
      't98',
      't97',
      't96',
      't95',
      't94',
      't93',
      't92',
      't91',
      't90',
    ])
  })

  it('sampling: draws beyond the top 10 are added as chosen, the stored candidates stay ≤ 10', async () => {
    const r = await run(big, 'sample:seed=3,samples=30', { maxTokens: 2, topN: 10 })
    // Each draw lands outside the top 10 with probability 4005 / 4950 ≈ 0.81.
    expect(checkLimits(r.tree)).toBeGreaterThan(0)
  })

  it('beam wider than topN: other mass is what lies beyond the stored 10', async () => {
    const r = await run(big, 'beam:width=12', { maxTokens: 1, topN: 10 })
    expect(r.sequences.map((s) => s.tokens[0])).toEqual(Array.from({ length: 12 }, (_, i) => `t${99 - i}`))
    expect(childrenOf(r.tree, 0)).toHaveLength(12)
    expect(checkLimits(r.tree)).toBe(2)
  })
})

describe('ProbabilityTree', () => {
  const summary = (ids: number[], probs: number[], otherMass: number, partial = false): Summary => ({
    ids: Int32Array.from(ids),
    probs: Float64Array.from(probs),
    otherMass,
    entropy: 1.5,
    partial,
  })

  it('never lowers a status: chosen > kept > pruned > filtered > candidate', () => {
    const t = new ProbabilityTree((id) => `w${id}`)
    t.expand(0, summary([4, 2], [0.5, 0.25], 0.25), 10)
    const a = nodeAt(t.nodes, 'w4').id
    t.mark(a, 'filtered')
    t.mark(a, 'candidate')
    expect(t.get(a).status).toBe('filtered')
    t.mark(a, 'kept')
    t.mark(a, 'pruned')
    expect(t.get(a).status).toBe('kept')
    t.markPath(a, 'chosen')
    t.mark(a, 'kept')
    expect([t.get(a).status, t.root.status]).toEqual(['chosen', 'chosen'])
  })

  it('stores a partial summary, the child it is asked for once, and the path to it', () => {
    const t = new ProbabilityTree((id) => `w${id}`)
    // Stores 1 of 2 listed: other mass = unknown 0.25 + unstored 0.25.
    t.expand(0, summary([4, 2], [0.5, 0.25], 0.25, true), 1)
    expect([t.root.otherMass, t.root.entropy, t.root.partial]).toEqual([0.5, 1.5, true])
    expect(t.nodes).toHaveLength(2)
    const again = t.child(0, 4, 0.9, () => 7)
    expect([again.id, again.prob, again.rank]).toEqual([1, 0.5, 0])
    const b = t.child(0, 2, 0.25, () => 1)
    const c = t.child(b.id, 3, 0.5, () => 0)
    expect(c.logProb).toBeCloseTo(Math.log(0.25 * 0.5), 12)
    expect(t.path(c.id).map((n) => n.tokenId)).toEqual([2, 3])
  })
})
