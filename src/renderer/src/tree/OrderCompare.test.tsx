// @vitest-environment node
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { HF_ORDER, LLAMA_ORDER } from '../../../core/processors/order'
import type { ReplayNote } from '../../../core/strategies/step-under-order'
import { LocaleProvider } from '../i18n/i18n'
import { OrderCompare } from './OrderCompare'
import type { OrderComparisonState } from './use-order-comparison'

const notes: ReplayNote[] = [
  { code: 'xtcTakenNotToFire', text: 'XTC drew no number at this step of the run; it is taken not to fire' },
  { code: 'drift', text: 'the model now gives … (by up to 0.050) …', value: '0.050' },
  { code: 'warning', text: 'minP 2 keeps only the top token' },
]

const comparison: OrderComparisonState = {
  order: 'llama',
  result: {
    order: { code: LLAMA_ORDER, text: 'llama' },
    runOrder: { code: HF_ORDER, text: 'hf' },
    chain: ['topP', 'temperature'],
    runChain: ['temperature', 'topP'],
    differs: true,
    candidates: [],
    appliedTemperature: 2,
    notes,
  },
  error: null,
  busy: false,
  compare: () => undefined,
  stop: () => undefined,
}

const render = (locale: 'en' | 'zh-CN'): string =>
  renderToStaticMarkup(
    createElement(LocaleProvider, {
      initial: locale,
      children: createElement(OrderCompare, { runOrder: HF_ORDER, comparison }),
    }),
  )

describe('OrderCompare', () => {
  it("words the replay's notes in the user's language, a processor's own warning as it came", () => {
    const en = render('en')
    expect(en).toContain('XTC drew no number at this step of the run; it is taken not to fire.')
    expect(en).toContain(
      'The model now gives other probabilities at this step than when the run was made (by up to 0.050); the comparison uses today’s.',
    )
    const zh = render('zh-CN')
    expect(zh).toContain('本次运行在这一步没有记录 XTC 抽样值；按未触发处理。')
    expect(zh).toContain('模型现在在这一步给出的概率与运行时不同（最多相差 0.050）；比较使用现在的概率。')
    expect(zh).toContain('minP 2 keeps only the top token')
    expect(zh).not.toContain('XTC drew no number')
  })
})
