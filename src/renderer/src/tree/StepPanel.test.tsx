// @vitest-environment node
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { HF_ORDER, LLAMA_ORDER } from '../../../core/processors/order'
import type { RunDetail } from '../../../core/records'
import type { TreeNode } from '../../../core/types'
import { LocaleProvider } from '../i18n/i18n'
import { StepPanel } from './StepPanel'

const base = { logProb: 0, depth: 1, expanded: false, otherMass: null, entropy: null, partial: false } as const
const nodes: TreeNode[] = [
  {
    ...base,
    id: 0,
    parent: null,
    tokenId: null,
    text: '',
    prob: 1,
    depth: 0,
    rank: 0,
    status: 'chosen',
    expanded: true,
    sampler: { temperature: 0.8, mirostatMu: 9.5 },
  },
  {
    ...base,
    id: 1,
    parent: 0,
    tokenId: 1,
    text: ' the',
    prob: 0.5,
    rank: 0,
    status: 'chosen',
    processedProb: 0.625,
    filteredBy: null,
  },
  {
    ...base,
    id: 2,
    parent: 0,
    tokenId: 2,
    text: 'a',
    prob: 0.3,
    rank: 1,
    status: 'candidate',
    processedProb: 0.375,
    filteredBy: null,
  },
  {
    ...base,
    id: 3,
    parent: 0,
    tokenId: 3,
    text: '\n',
    prob: 0.2,
    rank: 2,
    status: 'filtered',
    processedProb: 0,
    filteredBy: 'topK',
  },
]

const render = (locale: 'en' | 'zh-CN', run?: RunDetail): string =>
  renderToStaticMarkup(
    createElement(LocaleProvider, {
      initial: locale,
      children: createElement(StepPanel, { nodes, selected: nodes[1], run }),
    }),
  )

const runOf = (strategy: RunDetail['strategy'], status: RunDetail['status'] = 'done'): RunDetail =>
  ({ id: 7, status, strategy, tree: nodes }) as RunDetail

describe('StepPanel', () => {
  it('draws paired bars, the top-k cut before the first token it removed, who removed it, and the sampler state', () => {
    const html = render('en')
    expect(html).toContain('Step 1: the distribution after (prompt)')
    expect(html).toContain('temperature applied 0.800 · Mirostat μ 9.500')
    expect(html).toContain('Removed: topK 1')
    // The bars' widths are the two probabilities; the newline token is shown as ⏎, never raw.
    expect(html).toContain('style="width:50.0%"')
    expect(html).toContain('style="width:62.5%"')
    expect(html.indexOf('topK cuts here')).toBeLessThan(html.indexOf('⏎'))
    expect(html.indexOf('topK cuts here')).toBeGreaterThan(html.indexOf('>a<'))
    expect(html).toContain('removed by topK')
    expect(html).toContain('␣the')
  })
  it('speaks Chinese, naming the processor by its Chinese name', () => {
    const html = render('zh-CN')
    expect(html).toContain('被 前 k 截断 移除')
    expect(html).toContain('实际温度 0.800')
  })
  it('offers the order comparison for a finished sample run, the other named order first', () => {
    expect(render('en', runOf({ name: 'sample', params: { topK: 1, order: HF_ORDER } }))).toContain(
      'Compare with order <input list="step-orders" size="28" placeholder="hf, llama or topK&gt;temperature" value="llama"/>',
    )
    expect(render('en', runOf({ name: 'sample', params: { topK: 1, order: LLAMA_ORDER } }))).toContain('value="hf"')
    // Not while it decodes, not under Mirostat (it replaces the chain), not for a run without a chain.
    for (const run of [
      runOf({ name: 'sample', params: { topK: 1 } }, 'running'),
      runOf({ name: 'sample', params: { mirostat: 2 } }),
      runOf({ name: 'greedy', params: {} }),
      undefined,
    ])
      expect(render('en', run)).not.toContain('Compare with order')
  })
})
