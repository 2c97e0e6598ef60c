// @vitest-environment node
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import { LocaleProvider } from '../i18n/i18n'
import { ChainRule } from './ChainRule'

beforeAll(() => {
  Object.assign(globalThis, { localStorage: { getItem: () => 'en', setItem: () => undefined } })
})

const text = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
const render = (tokens: string[], probs: number[], join: 'words' | 'pieces'): string => {
  const probability = probs.reduce((a, b) => a * b, 1)
  return renderToStaticMarkup(
    <LocaleProvider initial="en">
      <ChainRule seq={{ tokens, steps: probs.map((prob) => ({ prob })), probability }} join={join} />
    </LocaleProvider>,
  )
}

describe('ChainRule', () => {
  it('runs Chinese tokens together, one factor per token', () => {
    // seed-weather greedy: 0.6 × 0.9 × 0.8 × 1.0 = 0.432
    const html = render(['天', '气', '好', '<end>'], [0.6, 0.9, 0.8, 1], 'words')
    expect(text(html)).toBe('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
    expect([...html.matchAll(/class="chain-tok">([^<]*)</g)].map((m) => m[1])).toEqual([
      '天',
      '气',
      '好',
      '&lt;end&gt;',
    ])
  })
  it('keeps a space between whole-word tokens of a table model', () => {
    expect(text(render(['a', 'cat', '</s>'], [0.45, 0.9, 1], 'words'))).toBe('P(a cat </s>) = 0.45 × 0.9 × 1.0 = 0.405')
  })
  it('adds nothing between sub-word pieces and shows a newline token as ⏎', () => {
    expect(text(render(['白', '日', '\n'], [0.5, 0.5, 0.5], 'pieces'))).toBe('P(白日⏎) = 0.5 × 0.5 × 0.5 = 0.125')
  })
})
