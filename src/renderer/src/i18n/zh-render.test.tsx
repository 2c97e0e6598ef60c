// @vitest-environment node
import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { STRATEGY_NAMES, STRATEGY_PARAMS } from '../../../core/strategy-spec'
import { LocaleProvider } from './i18n'
import { MESSAGES } from './messages'

/**
 * The words a reader sees in rendered markup: text, option labels and the accessible names and
 * tooltips (aria-label, title, placeholder). A code name shown as the secondary label of a
 * translated name (<code class="code-name">) is not counted: it is there on purpose.
 */
function shownText(html: string): string[] {
  const withoutCodeNames = html.replace(/<code class="code-name">[^<]*<\/code>/g, '')
  // Placeholders are example values (a path, a name), not labels.
  const attrs = [...withoutCodeNames.matchAll(/\s(?:aria-label|title)="([^"]*)"/g)].map((m) => m[1])
  const text = withoutCodeNames
    .replace(/<[^>]*>/g, '\n')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
  return [...attrs, ...text]
}

// Names that stay as they are in Chinese: acronyms, formats, products and people, model ids, keys; 'auto' is the value typed in
// the GPU layers field and tokenizer.chat_template the GGUF key, both code.
const KEPT = new Set([
  'hf',
  'llama',
  'server',
  'vLLM',
  'OpenAI',
  'GGUF',
  'UTF',
  'URL',
  'API',
  'BOS',
  'GLTR',
  'Kneser',
  'Ney',
  'Holtzman',
  'Ctrl',
  'Enter',
  'gram',
  'seed',
  'weather',
  'greedy',
  'trap',
  'DECODING',
  'LAB',
  'log',
  'LM',
  'Studio',
  'Hugging',
  'Face',
  'Ollama',
  'GPU',
  'CPU',
  'auto',
  'tokenizer',
  'chat',
  'template',
])

/** English words in what a reader sees: runs of two or more Latin letters that are not code names kept on purpose. */
function englishWords(html: string, codeNames: ReadonlySet<string>): string[] {
  return shownText(html).flatMap((s) =>
    [...s.matchAll(/[A-Za-z]{2,}/g)].map((m) => m[0]).filter((w) => !KEPT.has(w) && !codeNames.has(w)),
  )
}

const zh = (node: ReactElement): string =>
  renderToStaticMarkup(createElement(LocaleProvider, { initial: 'zh-CN', children: node }))
const en = (node: ReactElement): string =>
  renderToStaticMarkup(createElement(LocaleProvider, { initial: 'en', children: node }))

beforeAll(() => {
  // The API client reads the page's URL when it loads; a server render has none.
  vi.stubGlobal('window', { location: { hash: '' } })
  vi.stubGlobal('sessionStorage', { getItem: () => null, setItem: () => undefined })
})

describe('Chinese', () => {
  it('has a name for every strategy and parameter the app offers', () => {
    const zhTable = MESSAGES['zh-CN'] as Record<string, string>
    for (const name of STRATEGY_NAMES) {
      expect(zhTable[`strategy.${name}`], name).toMatch(/\p{Script=Han}/u)
      for (const param of Object.keys(STRATEGY_PARAMS[name].shape))
        expect(zhTable[`param.${param}`], param).toMatch(/\p{Script=Han}/u)
    }
  })

  it('the model list, the compose form and the metrics tables show no English label', async () => {
    const { ModelsView } = await import('../app/ModelsView')
    const { ComposeForm } = await import('../compose/ComposeForm')
    const { MetricsView } = await import('../metrics/MetricsView')
    const models = {
      models: [{ id: 'seed-weather', kind: 'table' }],
      recent: [],
      chatModels: [],
      loaded: true,
      error: '',
      reload: async () => undefined,
    }
    const none = new Set<string>()
    expect(englishWords(zh(createElement(ModelsView, { models, onUse: () => undefined } as never)), none)).toEqual([])
    const compose = zh(
      createElement(ComposeForm, { busy: false, onRun: () => undefined, models, formRef: { current: null } } as never),
    )
    expect(englishWords(compose, new Set(STRATEGY_NAMES))).toEqual([])
    expect(compose).toContain('贪心搜索 对比 束搜索 2/4 对比 核采样 0.9')

    const metrics = {
      sequences: [0, 1].map(() => ({
        logLikelihood: -1,
        meanLogProb: -0.25,
        perplexity: 1.3,
        meanEntropy: 0.5,
        surprisalVariance: 0.1,
        repetitionPct: 0,
        distinct1: 1,
        distinct2: 1,
        distinct3: null,
        length: 4,
        steps: [],
      })),
      selfBleu4: 0.25,
      zipf: 1.1,
      searchGap: null,
    }
    const run = {
      id: 2,
      strategy: { name: 'beam', params: { width: 2, lengthPenalty: 0 } },
      modelKind: 'table',
      sequences: [
        { tokens: ['天', '气'], logProb: -1 },
        { tokens: ['好'], logProb: -2 },
      ],
      metrics,
    }
    const html = zh(createElement(MetricsView, { runs: [run] } as never))
    // The full spec stays in the run's tooltip (title="beam:width=2,lengthPenalty=0"), as the code spells it.
    const withoutSpec = html.replace(' title="beam:width=2,lengthPenalty=0"', '')
    expect(englishWords(withoutSpec, none)).toEqual([])
    expect(html).toContain('#2 束搜索 2')
    expect(html).toContain('自相似度 <code class="code-name">Self-BLEU-4</code>')
  })

  it('the strategy list shows every label and parameter name in Chinese, code names only beside them', async () => {
    const { StrategyList } = await import('../compose/StrategyList')
    const { draft } = await import('../compose/presets')
    const props = {
      strategies: STRATEGY_NAMES.map((n) => draft(n)),
      errors: new Map<number, string>(),
      onChange: () => undefined,
    }
    const html = zh(createElement(StrategyList, props))
    // The options keep the code name in brackets ("束搜索 (beam)"): as a spec spells it.
    const codes = new Set<string>(STRATEGY_NAMES)
    expect(englishWords(html, codes)).toEqual([])
    expect(html).toContain('束宽 <code class="code-name">width</code>')
    expect(html).toContain('aria-label="束搜索 束宽"')
    expect(html).toContain('<option value="beam" selected="">束搜索 (beam)</option>')
    // English is unchanged: the code names, and the accessible names the e2e tests use.
    const english = en(createElement(StrategyList, props))
    expect(english).toContain('aria-label="beam width"')
    expect(english).toContain('<option value="beam" selected="">beam</option>')
    expect(english).not.toContain('code-name')
  })
})
