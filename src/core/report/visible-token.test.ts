import { describe, expect, it } from 'vitest'
import { tokenMarkup, tokenPieces, tokenRow, tokenSeparator, visibleToken, visibleTokens } from './visible-token'

describe('a token as visible text', () => {
  it('gives whitespace tokens a glyph', () => {
    expect(visibleToken(' ')).toBe('␣')
    expect(visibleToken('\n')).toBe('⏎')
    expect(visibleToken('\t')).toBe('⇥')
    expect(visibleToken('\n\n')).toBe('⏎⏎')
    expect(visibleToken(' the')).toBe('␣the')
    expect(visibleToken('\r\n')).toBe('\\u{d}⏎')
  })

  it('marks a space only where it would vanish: alone or at either end of the token', () => {
    expect(visibleToken('New York')).toBe('New York')
    expect(visibleToken(' New York ')).toBe('␣New York␣')
    expect(visibleToken('  ')).toBe('␣␣')
    expect(visibleToken('a \n')).toBe('a␣⏎')
    expect(visibleToken('a\nb')).toBe('a⏎b')
  })

  it('escapes other control characters and other kinds of space', () => {
    expect(visibleToken('\u0000')).toBe('\\u{0}')
    expect(visibleToken('a\u202eb')).toBe('a\\u{202e}b')
    expect(visibleToken('\u00a0')).toBe('\\u{a0}')
    expect(visibleToken('\u3000')).toBe('\\u{3000}')
    expect(visibleToken('\u200b')).toBe('\\u{200b}')
    expect(visibleToken('\u001b[31m')).toBe('\\u{1b}[31m')
  })

  it('leaves visible text alone, emoji and CJK included', () => {
    expect(visibleToken('天')).toBe('天')
    expect(visibleToken('😀')).toBe('😀')
    expect(visibleToken('<end>')).toBe('<end>')
    expect(visibleToken('')).toBe('')
  })

  it('marks every stand-in as escaped, so that a literal ␣ can be told apart', () => {
    expect(tokenPieces(' a b\n')).toEqual([
      { text: '␣', escaped: true },
      { text: 'a b', escaped: false },
      { text: '⏎', escaped: true },
    ])
    expect(tokenPieces('␣')).toEqual([{ text: '␣', escaped: false }])
  })

  it('gives report markup with the stand-ins in an esc element and markup characters encoded', () => {
    expect(tokenMarkup('\n', 'tspan')).toBe('<tspan class="esc">⏎</tspan>')
    expect(tokenMarkup('<b> ', 'span')).toBe('&lt;b&gt;<span class="esc">␣</span>')
  })
})

describe('tokens joined into running text', () => {
  it('puts no space between CJK characters, kana or full-width punctuation', () => {
    expect(visibleTokens(['天', '气', '好', '<end>'], 'words')).toBe('天气好<end>')
    expect(visibleTokens(['こん', 'にち', 'は', '。'], 'words')).toBe('こんにちは。')
    expect(visibleTokens(['春', '眠', '，', '不'], 'words')).toBe('春眠，不')
  })

  it('separates whole words with one space, and none beside a whitespace token', () => {
    expect(visibleTokens(['the', 'cat', '</s>'], 'words')).toBe('the cat </s>')
    expect(visibleTokens(['a', ' ', 'b'], 'words')).toBe('a␣b')
    expect(tokenSeparator('cat', '\n', 'words')).toBe('')
  })

  it('adds nothing between pieces that carry their own spaces', () => {
    expect(visibleTokens(['Hel', 'lo', ' world', '\n'], 'pieces')).toBe('Hello␣world⏎')
    expect(visibleTokens([], 'pieces')).toBe('')
  })
})

describe('reports use the same rendering', () => {
  it('draws a newline and a space token in the SVG tree as ⏎ and ␣, in esc elements and in titles', async () => {
    const { treeSvg } = await import('./svg-tree')
    const base = {
      logProb: 0,
      rank: 0,
      status: 'chosen',
      expanded: false,
      otherMass: null,
      entropy: null,
      partial: false,
    } as const
    const svg = treeSvg([
      { ...base, id: 0, parent: null, tokenId: null, text: '', prob: 1, depth: 0, expanded: true },
      { ...base, id: 1, parent: 0, tokenId: 5, text: '\n', prob: 0.5, depth: 1 },
      { ...base, id: 2, parent: 0, tokenId: 6, text: ' ', prob: 0.5, depth: 1, rank: 1, status: 'candidate' },
    ])
    expect(svg).toContain('<tspan class="esc">⏎</tspan> 0.5')
    expect(svg).toContain('<tspan class="esc">␣</tspan> 0.5')
    expect(svg).toContain('<title>⏎: P = 0.5')
    expect(svg).not.toContain('\\u{a}')
  })

  it('writes a newline token as ⏎ in the CSV tokens column and the DOT labels', async () => {
    const { sequencesCsv } = await import('./csv')
    const { reportDot } = await import('./dot')
    const base = {
      logProb: 0,
      rank: 0,
      status: 'chosen',
      expanded: false,
      otherMass: null,
      entropy: null,
      partial: false,
    } as const
    const tree = [
      { ...base, id: 0, parent: null, tokenId: null, text: '', prob: 1, depth: 0, expanded: true },
      { ...base, id: 1, parent: 0, tokenId: 5, text: '\n', prob: 1, depth: 1 },
    ]
    const sequence = {
      tokenIds: [5],
      tokens: ['\n'],
      text: '\n',
      logProb: 0,
      probability: 1,
      finished: false,
      steps: [{ tokenId: 5, token: '\n', prob: 1, logProb: 0 }],
      nodeId: 1,
    }
    const run = {
      position: 0,
      strategy: { name: 'greedy', params: {} },
      status: 'done',
      error: null,
      optimal: null,
      warnings: [],
      createdAt: '',
      finishedAt: '',
      elapsedMs: 1,
      sequences: [sequence],
      tree,
    }
    const experiment = {
      key: 'k',
      modelId: 'm',
      modelKind: 'gguf',
      modelSha256: null,
      vocabSize: 9,
      prompt: '',
      promptTokens: [],
      maxTokens: 1,
      topN: 2,
      createdAt: '',
    }
    const report = {
      format: 'decoding-lab/report',
      version: 1,
      app: { name: 'a', version: '1' },
      exportedAt: '',
      scope: 'run',
      experiment,
      runs: [run],
    } as never
    // The text column keeps the text itself (a newline, escaped for one line); the tokens column shows it as the app does.
    expect(sequencesCsv(report).split('\n')[1]).toBe('1,greedy,1,\\u{a},⏎,5,1,0,1,1,false,1,1.0 = 1.0')
    expect(reportDot(report, { maxNodes: 10 })).toContain('r1_n1 [label="⏎ 1.0"')
  })
})

describe('tokenRow', () => {
  it('puts a space between tokens unless one brings its own', () => {
    expect(tokenRow(['Hello', ' world', '!'])).toBe('Hello world !')
    expect(tokenRow([' world', ' world'])).toBe(' world world')
    expect(tokenRow(['天', '气', '<end>'])).toBe('天 气 <end>')
    expect(tokenRow(['end. ', 'Next'])).toBe('end. Next')
  })

  it('shows whitespace-only tokens as glyphs and escapes control characters', () => {
    expect(tokenRow(['a', ' ', 'b'])).toBe('a␣b')
    expect(tokenRow(['a', '\n', 'b'])).toBe('a⏎b')
    expect(tokenRow(['x\u0007y', '<E5 BA>', '<A6>度'])).toBe('x\\u{7}y <E5 BA> <A6>度')
  })
})
