// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { decode } from './decode'
import { InputError } from './errors'
import { parseStrategySpec } from './strategy-spec'
import { nodeAt, tableModel } from './testing/tables'
import type { RunResult } from './types'

const sw = tableModel(
  'seed-weather',
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../resources/models/seed-weather.table.json'), 'utf8')),
)
const id = (text: string) => sw.data.vocab.indexOf(text)

async function forced(spec: string, tokens: string[], maxTokens = 32): Promise<RunResult> {
  const strategy = { ...parseStrategySpec(spec, () => 1), forced: tokens.map(id) }
  return decode(sw, [], strategy, { maxTokens, topN: 10 })
}

describe('a forced prefix', () => {
  it('greedy after a forced 好 gives 好 <end>: P = 0.4 × 1.0, the forced token counting', async () => {
    // Unforced greedy takes 天 (0.6); forcing 好 (0.4) leaves only <end>.
    const r = await forced('greedy', ['好'])
    expect(r.sequences[0].tokens).toEqual(['好', '<end>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.4, 12)
    expect(r.sequences[0].steps.map((s) => s.prob)).toEqual([0.4, 1])
    const node = nodeAt(r.tree, '好')
    expect(node.forced).toBe(true)
    expect(node.status).toBe('chosen')
    expect(nodeAt(r.tree, '好', '<end>').forced).toBeUndefined()
    // The unforced sibling is still drawn as a candidate of the root.
    expect(nodeAt(r.tree, '天')).toMatchObject({ status: 'candidate', prob: 0.6 })
  })

  it('takes a token that is not the most probable in the middle: 天 好 then <end>, 0.6 × 0.1 × 1.0', async () => {
    const r = await forced('beam:width=2', ['天', '好'])
    expect(r.sequences.map((s) => s.tokens.join(' '))).toEqual(['天 好 <end>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.06, 12)
    expect([nodeAt(r.tree, '天').forced, nodeAt(r.tree, '天', '好').forced]).toEqual([true, true])
  })

  it('maxTokens counts the tokens after the forced ones', async () => {
    // 天 forced, one more token: greedy takes 气 (0.9) and stops unfinished: 0.6 × 0.9 = 0.54.
    const r = await forced('greedy', ['天'], 1)
    expect(r.sequences[0].tokens).toEqual(['天', '气'])
    expect(r.sequences[0].finished).toBe(false)
    expect(r.sequences[0].probability).toBeCloseTo(0.54, 12)
    const none = await forced('greedy', ['天'], 0)
    expect(none.sequences[0].tokens).toEqual(['天'])
  })

  it('works with exact search and sampling', async () => {
    // After 天: 气 好 <end> = 0.9 × 0.8 = 0.72 beats 好 <end> = 0.1 and 气 <end> = 0.18.
    const e = await forced('exact', ['天'])
    expect(e.sequences[0].tokens).toEqual(['天', '气', '好', '<end>'])
    expect(e.sequences[0].probability).toBeCloseTo(0.432, 12)
    expect(e.optimal).toBe(true)
    const s = await forced('sample:seed=4,samples=20', ['天', '气'])
    for (const seq of s.sequences) expect(seq.tokens.slice(0, 2)).toEqual(['天', '气'])
  })

  it('a forced <end> ends the sequence there', async () => {
    const r = await forced('beam:width=2', ['好', '<end>'])
    expect(r.sequences.map((s) => s.tokens)).toEqual([['好', '<end>']])
    expect(r.sequences[0].finished).toBe(true)
    expect(r.sequences[0].probability).toBeCloseTo(0.4, 12)
  })

  it('refuses a token of probability 0, and tokens after <end>', async () => {
    const err = await forced('greedy', ['气']).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toBe('cannot force "气": seed-weather gives it probability 0 after "<start>"')
    await expect(forced('greedy', ['<end>', '天'])).rejects.toThrow(
      'a forced prefix can end with <end>, not go on after it',
    )
  })
})
