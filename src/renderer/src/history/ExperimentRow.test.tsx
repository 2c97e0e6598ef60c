// @vitest-environment node
import { renderToStaticMarkup } from 'react-dom/server'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ExperimentSummary, RunSummary } from '../../../core/records'
import { LocaleProvider, type Locale } from '../i18n/i18n'
import { ExperimentRow } from './ExperimentRow'

// jsdom and Testing Library are not installed here: the row renders to markup on the server, and
// e2e/history.spec.ts clicks the same row in Chromium. The locale is the only browser state it reads.
let locale: Locale = 'en'
beforeAll(() => {
  Object.assign(globalThis, { localStorage: { getItem: () => locale, setItem: () => undefined } })
})

const run = (
  id: number,
  position: number,
  strategy: RunSummary['strategy'],
  status: RunSummary['status'],
  error: string | null = null,
): RunSummary => ({
  id,
  experimentId: 7,
  position,
  model: 'seed-weather',
  modelKind: 'table',
  prompt: '天',
  strategy,
  status,
  error,
  optimal: null,
  warnings: [],
  createdAt: '2026-01-02T03:04:05.000Z',
  finishedAt: null,
  elapsedMs: 1,
  treeNodes: 3,
})

const experiment: ExperimentSummary = {
  id: 7,
  model: 'seed-weather',
  modelKind: 'table',
  prompt: '天',
  createdAt: '2026-01-02T03:04:05.000Z',
  runs: [
    run(3, 0, { name: 'greedy', params: {} }, 'done'),
    run(4, 1, { name: 'beam', params: { width: 2 } }, 'failed', 'out of memory'),
    run(5, 2, { name: 'greedy', params: {}, forced: [1, 3] }, 'done'),
  ],
  best: { runId: 3, tokens: ['天', '气', '好', '<end>'], probability: 0.432 },
  forced: { 5: ['天', '好'] },
}

function render(expanded: boolean, e: ExperimentSummary = experiment): string {
  const noop = (): void => undefined
  return renderToStaticMarkup(
    <LocaleProvider>
      <ExperimentRow
        experiment={e}
        expanded={expanded}
        onToggle={noop}
        busy={false}
        onOpen={noop}
        onRerun={noop}
        onDelete={noop}
      />
    </LocaleProvider>,
  )
}

/** The text of each element of `className`, tags stripped. */
const texts = (html: string, className: string): string[] =>
  [...html.matchAll(new RegExp(`<(\\w+) class="${className}[^"]*"[^>]*>(.*?)</\\1>`, 'g'))].map((m) =>
    m[2]
      .replace(/<[^>]+>/g, '')
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<'),
  )

describe('ExperimentRow', () => {
  it('collapsed: prompt, model, short strategy names, best sequence with its probability, and the first error; no runs', () => {
    const html = render(false)
    expect(html).toContain('aria-expanded="false"')
    expect(html).toContain('aria-label="runs of experiment 7"')
    expect(texts(html, 'experiment-prompt')).toEqual(['天'])
    expect(texts(html, 'experiment-model')).toEqual(['seed-weather'])
    expect(texts(html, 'experiment-strategies')).toEqual(['greedy, beam 2'])
    // seed-weather is a table model: its tokens are words, but next to Chinese no space goes between them.
    expect(texts(html, 'experiment-best')).toEqual(['best 天气好<end> p = 0.432'])
    expect(texts(html, 'run-error')).toEqual(['out of memory'])
    expect(texts(html, 'run-row')).toEqual([])
  })

  it('expanded: each run in order with its short name (a branch named as one), status, error and actions', () => {
    const html = render(true)
    expect(html).toContain('aria-expanded="true"')
    expect(texts(html, 'run-row')).toEqual([
      '#3greedydoneRe-runDelete',
      '#4beam 2failedout of memoryRe-runDelete',
      '#5greedy after 天 → 好 (forced)doneRe-runDelete',
    ])
    expect(html).toContain('aria-label="open run 4"')
    expect(html).toContain('aria-label="delete run 5"')
    // The full spec is in the tooltip.
    expect(html).toContain('title="beam:width=2"')
  })

  it('re-runs a scored text whose spec keeps it; an older score run without its text says to score it again instead', () => {
    const html = render(true, {
      ...experiment,
      runs: [
        run(8, 0, { name: 'score', params: {}, textParams: { text: '天好' } }, 'done'),
        run(9, 1, { name: 'score', params: {} }, 'done'),
      ],
    })
    expect(texts(html, 'run-row')).toEqual(['#8scoredoneRe-runDelete', '#9scoredoneRe-runDelete'])
    const rerun = (id: number): string =>
      html.match(new RegExp(`<button[^>]*aria-label="re-run run ${id}"[^>]*>`))?.[0] ?? ''
    expect(rerun(8)).toContain('title="Run again with the same model, prompt, settings and strategy."')
    expect(rerun(8)).not.toContain('disabled')
    expect(rerun(9)).toContain('title="A scored text is not a decoding run: score it again with “Score a text”."')
    expect(rerun(9)).toContain('disabled')
    // The label leaves the text out: it is the run's sequence already.
    expect(html).toContain('<span class="run-name" title="score">')
  })

  it('in 简体中文, and for an experiment with no sequence yet and an empty prompt', () => {
    locale = 'zh-CN'
    const html = render(true, { ...experiment, prompt: '', best: null, runs: [experiment.runs[0]] })
    locale = 'en'
    expect(html).toContain('aria-label="实验 7 的运行"')
    expect(texts(html, 'experiment-prompt')).toEqual(['（空）'])
    expect(texts(html, 'experiment-best')).toEqual(['尚无序列'])
    expect(texts(html, 'run-row')).toEqual(['#3贪心搜索已完成重新运行删除'])
  })
})
