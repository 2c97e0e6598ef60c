// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CancelledError, DecodeError } from './errors'
import { run, table, tableModel, tokenTexts } from './testing/tables'
import type { Sequence } from './types'

const builtIn = (name: string) =>
  tableModel(
    name,
    JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../resources/models/${name}.table.json`), 'utf8')),
  )

const sw = builtIn('seed-weather')
const trap = builtIn('greedy-trap')

const probabilities = (seqs: Sequence[]) => seqs.map((s) => s.probability)

describe('seed-weather', () => {
  it('greedy gives 天 气 好 <end> with probability 0.6 × 0.9 × 0.8 × 1.0 = 0.432', async () => {
    const r = await run(sw, 'greedy')
    expect(r.sequences).toHaveLength(1)
    const [s] = r.sequences
    expect(s.tokens).toEqual(['天', '气', '好', '<end>'])
    expect(s.tokenIds).toEqual([1, 2, 3, 4])
    expect(s.text).toBe('天气好')
    expect(s.finished).toBe(true)
    expect(s.probability).toBeCloseTo(0.432, 12)
    expect(s.logProb).toBeCloseTo(Math.log(0.432), 12)
    expect(s.steps.map((st) => [st.tokenId, st.token, st.prob])).toEqual([
      [1, '天', 0.6],
      [2, '气', 0.9],
      [3, '好', 0.8],
      [4, '<end>', 1],
    ])
    ;[0.6, 0.9, 0.8, 1].forEach((p, i) => expect(s.steps[i].logProb).toBeCloseTo(Math.log(p), 12))
    expect(r.optimal).toBeUndefined()
    expect(r.warnings).toEqual([])
  })

  it('greedy after the prompt 天 gives 气 好 <end>: 0.9 × 0.8 × 1.0 = 0.72', async () => {
    const [s] = (await run(sw, 'greedy', { prompt: '天' })).sequences
    expect(s.tokens).toEqual(['气', '好', '<end>'])
    expect(s.probability).toBeCloseTo(0.72, 12)
  })

  it('greedy with maxTokens = 2 stops at 天 气 unfinished: 0.6 × 0.9 = 0.54', async () => {
    const [s] = (await run(sw, 'greedy', { maxTokens: 2 })).sequences
    expect(s.tokens).toEqual(['天', '气'])
    expect(s.finished).toBe(false)
    expect(s.probability).toBeCloseTo(0.54, 12)
  })

  it('beam width 2 gives 天气好<end> 0.432, then 好<end> 0.4 × 1.0', async () => {
    // Step 2 keeps 天气 (0.54) and 好<end> (0.4); step 3: 天气好 0.432 beats 天气<end> 0.108.
    const r = await run(sw, 'beam:width=2')
    expect(tokenTexts(r)).toEqual(['天 气 好 <end>', '好 <end>'])
    expect(probabilities(r.sequences)[0]).toBeCloseTo(0.432, 12)
    expect(probabilities(r.sequences)[1]).toBeCloseTo(0.4, 12)
    expect(r.sequences.map((s) => s.finished)).toEqual([true, true])
  })

  it('exact finds 天气好<end> 0.432 (against 好<end> 0.4, 天气<end> 0.108, 天好<end> 0.06)', async () => {
    const r = await run(sw, 'exact')
    expect(tokenTexts(r)).toEqual(['天 气 好 <end>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.432, 12)
    expect(r.optimal).toBe(true)
  })
})

describe('greedy-trap', () => {
  it('greedy gives "the cat </s>" = 0.55 × 0.4 × 1.0 = 0.22', async () => {
    const [s] = (await run(trap, 'greedy')).sequences
    expect(s.tokens).toEqual(['the', 'cat', '</s>'])
    expect(s.text).toBe('the cat')
    expect(s.finished).toBe(true)
    expect(s.probability).toBeCloseTo(0.22, 12)
  })

  it('beam width 2 returns "a cat </s>" 0.45 × 0.9 = 0.405, then "the cat </s>" 0.22', async () => {
    const r = await run(trap, 'beam:width=2')
    expect(tokenTexts(r)).toEqual(['a cat </s>', 'the cat </s>'])
    expect(r.sequences.map((s) => s.text)).toEqual(['a cat', 'the cat'])
    expect(r.sequences[0].probability).toBeCloseTo(0.405, 12)
    expect(r.sequences[1].probability).toBeCloseTo(0.22, 12)
    expect(r.sequences[0].logProb).toBeCloseTo(Math.log(0.405), 12)
    expect(r.sequences.every((s) => s.finished)).toBe(true)
  })

  it('beam width 4 returns every complete sequence, best first', async () => {
    // a cat .405, the cat .22, the dog .165, the bird .165 (dog's lower id first); a dog .045 falls out.
    const r = await run(trap, 'beam:width=4')
    expect(tokenTexts(r)).toEqual(['a cat </s>', 'the cat </s>', 'the dog </s>', 'the bird </s>'])
    ;[0.405, 0.22, 0.165, 0.165].forEach((p, i) => expect(r.sequences[i].probability).toBeCloseTo(p, 12))
  })

  it('exact gives "a cat" 0.405 and says it is optimal', async () => {
    const r = await run(trap, 'exact')
    expect(r.sequences).toHaveLength(1)
    expect(r.sequences[0].tokens).toEqual(['a', 'cat', '</s>'])
    expect(r.sequences[0].text).toBe('a cat')
    expect(r.sequences[0].probability).toBeCloseTo(0.405, 12)
    expect(r.optimal).toBe(true)
  })

  it('exact with a budget too small to finish says it is not optimal', async () => {
    for (const budget of [1, 2, 3]) {
      const r = await run(trap, `exact:budget=${budget}`)
      expect(r.optimal, `budget ${budget}`).toBe(false)
      expect(r.sequences).toHaveLength(1)
    }
  })
})

describe('beam width 1 equals greedy', () => {
  const ties = table('ties', {
    vocab: ['<s>', 'p', 'q', 'r', 's', '</s>'],
    rules: [
      { context: ['<s>'], next: { q: 0.5, p: 0.5 } },
      { context: ['<s>', 'p'], next: { s: 0.5, r: 0.5 } },
    ],
    default: { '</s>': 1 },
  })

  it.each([
    ['seed-weather', sw, {}],
    ['seed-weather, maxTokens 2', sw, { maxTokens: 2 }],
    ['seed-weather, prompt 天', sw, { prompt: '天' }],
    ['greedy-trap', trap, {}],
    ['exact ties', ties, {}],
  ] as const)('%s', async (_, model, options) => {
    const [g] = (await run(model, 'greedy', options)).sequences
    const b = (await run(model, 'beam:width=1', options)).sequences
    expect(b).toHaveLength(1)
    expect(b[0].tokenIds).toEqual(g.tokenIds)
    expect(b[0].probability).toBe(g.probability)
    expect(b[0].finished).toBe(g.finished)
  })

  it('and both break ties towards the lower id: p r </s> = 0.5 × 0.5', async () => {
    const [g] = (await run(ties, 'greedy')).sequences
    expect(g.tokens).toEqual(['p', 'r', '</s>'])
    expect(g.probability).toBeCloseTo(0.25, 12)
  })
})

describe('failures', () => {
  it('a prefix with no rule and no default fails with a DecodeError naming it, with the tree so far', async () => {
    const m = table('holey', { vocab: ['<s>', 'a', '</s>'], rules: [{ context: ['<s>'], next: { a: 1 } }] })
    const err = await run(m, 'greedy').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DecodeError)
    expect((err as Error).message).toContain('"<s> a"')
    // Root and its candidate a were recorded before the failure.
    expect((err as { partialTree?: unknown[] }).partialTree).toHaveLength(2)
  })

  it('a cancelled run throws CancelledError', async () => {
    const controller = new AbortController()
    controller.abort()
    for (const spec of ['greedy', 'beam:width=2', 'exact', 'sample:seed=1']) {
      await expect(run(sw, spec, { signal: controller.signal })).rejects.toThrow(CancelledError)
    }
  })
})
