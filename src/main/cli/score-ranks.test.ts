// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { rankBucket } from '../../core/rank-buckets'
import { openDatabase } from '../store/database'
import { getRun } from '../store/runs-repo'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

describe('score --ranks', () => {
  it('ranks 天 气 好 first at every step on seed-weather: its greedy path', async () => {
    const s = await json('score', '--model', 'seed-weather', '--text', '天气好', '--ranks')
    expect(s.steps.map((x: { rank: number }) => x.rank)).toEqual([0, 0, 0])
    expect(s.histogram).toEqual({ top1: 3, top10: 0, top100: 0, top1000: 0, rest: 0 })
  })

  it('ranks 天 好 <end> as 0, 1, 0: after 天 the table gives 气 0.9 and 好 0.1', async () => {
    const s = await json('score', '--model', 'seed-weather', '--text', '天好', '--eos', '--ranks')
    expect(s.steps).toEqual([
      { token: '天', prob: 0.6, logProb: Math.log(0.6), rank: 0 },
      { token: '好', prob: 0.1, logProb: Math.log(0.1), rank: 1 },
      { token: '<end>', prob: 1, logProb: 0, rank: 0 },
    ])
    expect(s.histogram).toEqual({ top1: 2, top10: 1, top100: 0, top1000: 0, rest: 0 })
  })

  it('ranks an impossible token after both tokens of non-zero probability (天 0.6, 好 0.4)', async () => {
    const s = await json('score', '--model', 'seed-weather', '--text', '气', '--ranks')
    expect(s.steps).toEqual([{ token: '气', prob: 0, logProb: null, rank: 2 }])
  })

  it('leaves ranks out without the flag, and prints a rank column and the histogram with it', async () => {
    const plain = await json('score', '--model', 'seed-weather', '--text', '天好')
    expect(plain.histogram).toBeUndefined()
    expect(plain.steps[1]).toEqual({ token: '好', prob: 0.1, logProb: Math.log(0.1) })
    const r = await cli('score', '--model', 'seed-weather', '--text', '天好', '--ranks')
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('rank')
    expect(r.out).toContain('ranks: top1 1, top10 1, top100 0, top1000 0, rest 0')
  })

  it('puts ranks in GLTR buckets at the edges 1, 10, 100, 1000', () => {
    expect([0, 1, 9, 10, 99, 100, 999, 1000, 50000].map(rankBucket)).toEqual([
      'top1',
      'top10',
      'top10',
      'top100',
      'top100',
      'top1000',
      'top1000',
      'rest',
      'rest',
    ])
  })
})

describe('score --save', () => {
  const tempDir = useTempDir()

  it('stores 天 好 as a done run named score: one sequence of P 0.6 × 0.1, the tree with 好 at rank 1 and 气 beside it', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const s = await json('score', '--model', 'seed-weather', '--text', '天好', '--save', '--db', db)
    expect(s.probability).toBeCloseTo(0.06, 12)
    const list = await json('runs', '--db', db)
    expect(list.runs).toHaveLength(1)
    expect(list.runs[0]).toMatchObject({
      id: s.runId,
      experimentId: s.experimentId,
      model: 'seed-weather',
      strategy: { name: 'score', params: {} },
      status: 'done',
    })
    const store = openDatabase(db)
    const saved = getRun(store, s.runId)
    store.close()
    const [seq] = saved?.sequences ?? []
    expect(seq.tokens).toEqual(['天', '好'])
    expect(seq.text).toBe('天好')
    expect(seq.finished).toBe(false)
    expect(seq.probability).toBeCloseTo(0.06, 12)
    expect(seq.steps.map((x) => x.prob)).toEqual([0.6, 0.1])
    // Root; its candidates 天 (0.6), 好 (0.4); 天's 气 (0.9), 好 (0.1). The scored path is chosen.
    const tree = saved?.tree ?? []
    expect(tree.map((n) => [n.parent, n.text, n.prob, n.rank, n.status])).toEqual([
      [null, '', 1, 0, 'chosen'],
      [0, '天', 0.6, 0, 'chosen'],
      [0, '好', 0.4, 1, 'candidate'],
      [1, '气', 0.9, 0, 'candidate'],
      [1, '好', 0.1, 1, 'chosen'],
    ])
  })

  it('refuses to save a text the model gives probability 0, saying which token', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli('score', '--model', 'seed-weather', '--text', '天天', '--save', '--db', db)
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'error: token 2 of the text ("天") has probability 0 under the model, so the text cannot be saved as a run; change that token or pick another model\n',
    )
  })
})
