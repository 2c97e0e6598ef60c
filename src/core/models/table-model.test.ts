// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DecodeError, InputError, TokenizeError } from '../errors'
import { type InlineTable, run, table, tableModel } from '../testing/tables'
import type { Distribution } from '../types'

const builtIn = (name: string) =>
  tableModel(
    name,
    JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../../resources/models/${name}.table.json`), 'utf8')),
  )

/** Listed tokens of a table model's distribution as {text: prob}. */
function asTexts(model: { tokenText(id: number): string }, d: Distribution): Record<string, number> {
  if (d.kind !== 'probs') throw new Error('a table model gives probs')
  expect(d.otherMass).toBe(0)
  return Object.fromEntries(Array.from(d.ids, (id, i) => [model.tokenText(id), d.probs[i]]))
}

// ids: <s> 0, a 1, b 2, c 3, x 4, y 5, z 6, </s> 7
const suffixes: InlineTable = {
  vocab: ['<s>', 'a', 'b', 'c', 'x', 'y', 'z', '</s>'],
  rules: [
    { context: ['b'], next: { x: 1 } },
    { context: ['a', 'b'], next: { y: 1 } },
  ],
}

describe('next', () => {
  const m = table('suffixes', { ...suffixes, default: { z: 1 } })

  it('applies the rule whose context is the longest suffix', async () => {
    expect(asTexts(m, await m.next([0, 1, 2]))).toEqual({ y: 1 }) // … a b
    expect(asTexts(m, await m.next([0, 3, 1, 2]))).toEqual({ y: 1 })
    expect(asTexts(m, await m.next([0, 3, 2]))).toEqual({ x: 1 }) // … c b: only "b" matches
    expect(asTexts(m, await m.next([2]))).toEqual({ x: 1 })
  })

  it('falls back to default when no rule matches', async () => {
    expect(asTexts(m, await m.next([0, 3]))).toEqual({ z: 1 })
    expect(asTexts(m, await m.next([0, 2, 1]))).toEqual({ z: 1 }) // "b a" ends in a
  })

  it('throws a DecodeError naming the prefix when there is no rule and no default', async () => {
    const strict = table('strict', suffixes)
    await expect(strict.next([0, 3])).rejects.toThrow(DecodeError)
    await expect(strict.next([0, 3])).rejects.toThrow('strict has no rule for the prefix "<s> c" and no default')
  })

  it('gives seed-weather’s rows as written', async () => {
    const sw = builtIn('seed-weather')
    expect(asTexts(sw, await sw.next([0]))).toEqual({ 天: 0.6, 好: 0.4 })
    expect(asTexts(sw, await sw.next([0, 1, 2]))).toEqual({ 好: 0.8, '<end>': 0.2 })
    expect(asTexts(sw, await sw.next([0, 3]))).toEqual({ '<end>': 1 })
  })

  it('leaves out tokens of probability 0', async () => {
    const z = table('zeros', { vocab: ['<s>', 'a', '</s>'], default: { a: 0, '</s>': 1 } })
    const d = await z.next([0])
    expect(d.kind === 'probs' && Array.from(d.ids)).toEqual([2])
  })
})

describe('tokenize', () => {
  const sw = builtIn('seed-weather')

  it('splits "天气" into 天, 气', () => {
    expect(sw.tokenize('天气')).toEqual([1, 2])
    expect(sw.tokenize(' 天 气好 ')).toEqual([1, 2, 3])
    expect(sw.tokenize('')).toEqual([])
  })

  it('matches the longest vocabulary token first', () => {
    // ids: <s> 0, 天 1, 气 2, 天气 3, 好 4, </s> 5
    const m = table('multi', { vocab: ['<s>', '天', '气', '天气', '好', '</s>'], default: { '</s>': 1 } })
    expect(m.tokenize('天气好')).toEqual([3, 4])
    expect(m.tokenize('天好')).toEqual([1, 4])
    expect(m.tokenize('气天气')).toEqual([2, 3])
  })

  it('splits words at whitespace in a table with a joiner', () => {
    const trap = builtIn('greedy-trap')
    expect(trap.tokenize('the cat')).toEqual([1, 3])
    expect(trap.tokenize('acat')).toEqual([2, 3])
  })

  it('throws TokenizeError for text outside the vocabulary', () => {
    expect(() => sw.tokenize('天雨')).toThrow(TokenizeError)
    expect(() => sw.tokenize('天雨')).toThrow(
      'cannot tokenize "天雨": "雨" at character 2 starts no token of seed-weather\'s vocabulary',
    )
    expect(() => sw.tokenize('天雨')).toThrow(InputError)
  })
})

describe('tokens and text', () => {
  it('knows BOS and EOS and joins text without them', () => {
    const trap = builtIn('greedy-trap')
    expect([trap.bos, trap.eos, trap.vocabSize]).toEqual([0, 6, 7])
    expect(trap.detokenize([0, 2, 3, 6])).toBe('a cat')
    const sw = builtIn('seed-weather')
    expect(sw.detokenize([1, 2, 3, 4])).toBe('天气好')
    expect(sw.tokenText(3)).toBe('好')
    expect(sw.tokenText(99)).toBe('<99>')
  })
})

describe('data-sized tables', () => {
  it('loads and decodes a 200,000-token vocabulary with a rule per token (no argument spread overflows the stack)', async () => {
    const words = Array.from({ length: 200_000 }, (_, i) => `w${i}`)
    const m = table('big', {
      vocab: ['<s>', '</s>', ...words],
      rules: [
        { context: ['<s>'], next: Object.fromEntries(words.map((w, i) => [w, i === 199_999 ? 0.5 : 0.5 / 199_999])) },
      ],
      default: { '</s>': 1 },
    })
    expect(m.vocabSize).toBe(200_002)
    const r = await run(m, 'greedy')
    expect(r.sequences[0].tokens).toEqual(['w199999', '</s>'])
    expect(r.sequences[0].probability).toBe(0.5)
  })
})

describe('tokens named like Object.prototype members', () => {
  it('decodes __proto__, constructor and toString with their chain-rule probabilities', async () => {
    const m = tableModel(
      'odd',
      JSON.parse(
        '{"format":"decoding-lab/table@1","bos":"<s>","eos":"</s>","joiner":" ","vocab":["<s>","__proto__","constructor","toString","</s>"],' +
          '"rules":[{"context":["<s>"],"next":{"__proto__":0.5,"constructor":0.3,"toString":0.2}},' +
          '{"context":["__proto__"],"next":{"constructor":0.6,"</s>":0.4}},{"context":["constructor"],"next":{"toString":0.9,"</s>":0.1}}],' +
          '"default":{"</s>":1}}',
      ),
    )
    const r = await run(m, 'greedy')
    expect(r.sequences[0].tokens).toEqual(['__proto__', 'constructor', 'toString', '</s>'])
    expect(r.sequences[0].probability).toBeCloseTo(0.5 * 0.6 * 0.9 * 1, 15)
    expect(m.tokenize('__proto__ toString')).toEqual([1, 3])
  })
})
