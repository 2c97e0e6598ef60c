// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from '../errors'
import { jsonPath, parseTable, TABLE_FORMAT } from './table-schema'

/** A valid table; each test breaks one thing in a fresh copy. */
function valid(): Record<string, any> {
  return {
    format: TABLE_FORMAT,
    name: 'tiny',
    bos: '<s>',
    eos: '</s>',
    joiner: ' ',
    vocab: ['<s>', '天', '好', 'a', '</s>'],
    rules: [
      { context: ['<s>'], next: { 天: 0.5, 好: 0.5 } },
      { context: ['<s>', '天'], next: { 好: 0.75, a: 0.25 } },
    ],
    default: { '</s>': 1 },
  }
}

/** The message of the InputError that parseTable throws for `json`. */
function errorOf(json: unknown): string {
  try {
    parseTable(json, 'tiny.table.json')
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return (err as Error).message
  }
  throw new Error('parseTable accepted the table')
}

describe('parseTable', () => {
  it('accepts a valid table and fills in the joiner', () => {
    expect(parseTable(valid(), 'tiny.table.json').vocab).toEqual(['<s>', '天', '好', 'a', '</s>'])
    const t = valid()
    delete t.joiner
    expect(parseTable(t, 'x').joiner).toBe('')
  })

  it.each([1.5, -0.1])('rejects probability %s with its JSON path', (p) => {
    const t = valid()
    t.rules[1].next.好 = p
    expect(errorOf(t)).toBe('tiny.table.json: $.rules[1].next["好"]: probability must be in [0, 1]')
  })

  it('writes identifier keys with a dot', () => {
    const t = valid()
    t.rules[1].next.a = 2
    expect(errorOf(t)).toBe('tiny.table.json: $.rules[1].next.a: probability must be in [0, 1]')
  })

  it('rejects a next that does not sum to 1 within 1e-6', () => {
    const t = valid()
    t.rules[0].next = { 天: 0.5, 好: 0.4 }
    expect(errorOf(t)).toBe('tiny.table.json: $.rules[0].next: probabilities sum to 0.9, not 1 (within 1e-6)')
    const d = valid()
    d.default = { '</s>': 0.5 }
    expect(errorOf(d)).toContain('tiny.table.json: $.default: probabilities sum to 0.5')
    // 1 + 2e-6 is outside the allowance.
    const over = valid()
    over.rules[0].next = { 天: 0.5, 好: 0.500002 }
    expect(errorOf(over)).toContain('$.rules[0].next: probabilities sum to')
  })

  it('accepts a sum of 1 + 5e-7', () => {
    const t = valid()
    t.rules[0].next = { 天: 0.5, 好: 0.5000005 }
    expect(() => parseTable(t, 'x')).not.toThrow()
  })

  it('rejects a token that is not in the vocabulary, in next, in a context and in default', () => {
    const inNext = valid()
    inNext.rules[0].next = { 天: 0.5, 雨: 0.5 }
    expect(errorOf(inNext)).toBe('tiny.table.json: $.rules[0].next["雨"]: token "雨" is not in the vocabulary')
    const inContext = valid()
    inContext.rules[1].context = ['<s>', '雨']
    expect(errorOf(inContext)).toBe('tiny.table.json: $.rules[1].context[1]: token "雨" is not in the vocabulary')
    const inDefault = valid()
    inDefault.default = { 雨: 1 }
    expect(errorOf(inDefault)).toBe('tiny.table.json: $.default["雨"]: token "雨" is not in the vocabulary')
  })

  it('rejects bos or eos outside the vocabulary', () => {
    const t = valid()
    t.bos = '<x>'
    expect(errorOf(t)).toBe('tiny.table.json: $.bos: bos "<x>" is not in the vocabulary')
    const e = valid()
    e.eos = '<y>'
    expect(errorOf(e)).toBe('tiny.table.json: $.eos: eos "<y>" is not in the vocabulary')
  })

  it('rejects duplicate contexts, naming the first', () => {
    const t = valid()
    t.rules.push({ context: ['<s>', '天'], next: { 好: 1 } })
    expect(errorOf(t)).toBe('tiny.table.json: $.rules[2].context: duplicate context, the same as rules[1]')
  })

  it('rejects a duplicate vocabulary token', () => {
    const t = valid()
    t.vocab.push('天')
    expect(errorOf(t)).toBe('tiny.table.json: $.vocab[5]: duplicate token "天"')
  })

  it.each(['bos', 'eos', 'vocab', 'rules'])('reports a missing %s as a missing field', (field) => {
    const t = valid()
    delete t[field]
    expect(errorOf(t)).toBe(`tiny.table.json: $.${field}: missing field`)
  })

  it('reports a missing format with the format it needs', () => {
    const t = valid()
    delete t.format
    expect(errorOf(t)).toBe(`tiny.table.json: $.format: format must be exactly "${TABLE_FORMAT}"`)
  })

  it('rejects a wrong format string', () => {
    const t = valid()
    t.format = 'decoding-lab/table@2'
    expect(errorOf(t)).toBe(`tiny.table.json: $.format: format must be exactly "${TABLE_FORMAT}"`)
  })

  it('rejects an empty context, an empty token and a probability given as text', () => {
    const ctx = valid()
    ctx.rules[0].context = []
    expect(errorOf(ctx)).toBe('tiny.table.json: $.rules[0].context: a context needs at least one token')
    const tok = valid()
    tok.vocab[3] = ''
    expect(errorOf(tok)).toBe('tiny.table.json: $.vocab[3]: a token must not be empty')
    const text = valid()
    text.rules[0].next.天 = '0.5'
    expect(errorOf(text)).toMatch(/^tiny\.table\.json: \$\.rules\[0\]\.next\["天"\]: /)
  })

  it('names the type expected and what was found for a field present with the wrong type', () => {
    const cases: [string, string][] = [
      ['"vocab": "abc"', 'tiny.table.json: $.vocab: must be an array, got a string ("abc")'],
      ['"bos": 7', 'tiny.table.json: $.bos: must be a string, got the number 7'],
      ['"rules": null', 'tiny.table.json: $.rules: must be an array, got null'],
      [
        '"default": { "</s>": 1e400 }',
        'tiny.table.json: $.default["</s>"]: must be a number, got a number out of range (Infinity)',
      ],
      ['"default": { "</s>": "NaN" }', 'tiny.table.json: $.default["</s>"]: must be a number, got a string ("NaN")'],
      ['"default": [1]', 'tiny.table.json: $.default: must be an object of token: probability'],
    ]
    for (const [field, message] of cases) {
      const text = JSON.stringify(valid()).replace(/"(vocab|bos|rules|default)":/, (m, key: string) =>
        field.startsWith(`"${key}"`) ? `"_${key}":` : m,
      )
      const json = JSON.parse(`${text.slice(0, -1)},${field}}`)
      expect(errorOf(json), field).toBe(message)
    }
  })

  it('keeps tokens named like Object.prototype members (__proto__, constructor, toString)', () => {
    const t = JSON.parse(
      '{"format":"decoding-lab/table@1","bos":"<s>","eos":"</s>","vocab":["<s>","__proto__","constructor","toString","</s>"],' +
        '"rules":[{"context":["<s>"],"next":{"__proto__":0.5,"constructor":0.3,"toString":0.2}}],"default":{"</s>":1}}',
    )
    const data = parseTable(t, 'odd.table.json')
    expect([...data.rules[0].next]).toEqual([
      ['__proto__', 0.5],
      ['constructor', 0.3],
      ['toString', 0.2],
    ])
  })

  it('rejects what is not an object at all', () => {
    expect(errorOf(null)).toMatch(/^tiny\.table\.json: \$: /)
  })
})

describe('jsonPath', () => {
  it('writes indexes in brackets, identifiers with dots and other keys quoted', () => {
    expect(jsonPath(['rules', 2, 'next', '好'])).toBe('$.rules[2].next["好"]')
    expect(jsonPath(['default', '</s>'])).toBe('$.default["</s>"]')
    expect(jsonPath([])).toBe('$')
  })
})
