// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRequest } from '../../core/contract'
import { parseStrategySpec } from '../../core/strategy-spec'
import { resolveModel } from '../models/registry'
import { runExperiment } from '../runs/run-experiment'
import { openDatabase } from '../store/database'
import { getExperimentRuns } from '../store/runs-repo'
import { useTempDir } from '../testing/temp-dir'
import { exportTarget } from './export-target'
import { importReport } from './import-report'
import { writeHostileTable } from './testing/hostile-table'

const tempDir = useTempDir()
const NOW = { now: new Date('2026-01-02T03:04:05.000Z') }

/** The HTML of one table of the report, by its class. */
function tableOf(html: string, className: string): string {
  const start = html.indexOf(`<table class="${className}">`)
  expect(start).toBeGreaterThanOrEqual(0)
  return html.slice(start, html.indexOf('</table>', start))
}

const num = (v: number, digits = 4): string => `<td class="num">${v.toFixed(digits)}</td>`
/** Entropy in nats of a distribution. */
const entropy = (...ps: number[]): number => -ps.reduce((s, p) => s + p * Math.log(p), 0)

describe('the HTML report shows the metrics', () => {
  it('seed-weather: greedy, then a branch forcing 好 added to the same experiment, and a speculative run; the export imports back', async () => {
    const dir = tempDir()
    const db = openDatabase(path.join(dir, 'a.sqlite'))
    const fresh = openDatabase(path.join(dir, 'b.sqlite'))
    try {
      const model = await resolveModel('seed-weather')
      const base = {
        model,
        prompt: '',
        maxTokens: 8,
        topN: 10,
        metrics: true,
        draftModels: new Map([['seed-weather', model]]),
      }
      const { experimentId } = await runExperiment(db, { ...base, strategies: [parseStrategySpec('greedy', () => 0)] })
      // The branch: 好 (id 3) forced after <start>, then greedy, as the app's "continue from here" sends it.
      await runExperiment(db, {
        ...base,
        experimentId,
        strategies: [{ ...parseStrategySpec('greedy', () => 0), forced: [3] }],
      })
      await runExperiment(db, {
        ...base,
        experimentId,
        strategies: [parseStrategySpec('speculative:draft=seed-weather,seed=1', () => 0)],
      })
      expect(
        getExperimentRuns(db, experimentId).map((r) => [r.position, r.strategy.name, r.strategy.forced ?? null]),
      ).toEqual([
        [0, 'greedy', null],
        [1, 'greedy', [3]],
        [2, 'speculative', null],
      ])

      const [file] = await exportTarget(db, { experimentId }, 'html', NOW)
      const html = file.data.toString('utf8')
      const perSequence = tableOf(html, 'sequence-metrics')
      // Greedy, 天 气 好 <end>: log P = ln(0.6 × 0.9 × 0.8 × 1.0) = ln 0.432 over 4 tokens.
      const greedyRow = [
        num(Math.log(0.432)),
        num(Math.log(0.432) / 4),
        num(0.432 ** (-1 / 4), 3),
        num((entropy(0.6, 0.4) + entropy(0.9, 0.1) + entropy(0.8, 0.2) + 0) / 4),
      ].join('')
      expect(perSequence).toContain(
        `<td>run 1 greedy</td><td class="num">1</td><td><span class="tok">天</span><span class="tok">气</span><span class="tok">好</span><span class="tok">&lt;end&gt;</span></td>${greedyRow}`,
      )
      // Repetition 0, distinct-1/2/3 of 天 气 好 all 1, length 4.
      expect(perSequence).toContain(`${num(0, 1)}${num(1, 3)}${num(1, 3)}${num(1, 3)}<td class="num">4</td>`)
      // The branch, 好 <end>: ln(0.4 × 1.0) over 2 tokens; entropy (H(0.6, 0.4) + 0) / 2.
      expect(perSequence).toContain(
        `<td>run 2 greedy</td><td class="num">1</td><td><span class="tok">好</span><span class="tok">&lt;end&gt;</span></td>${num(Math.log(0.4))}${num(Math.log(0.4) / 2)}${num(0.4 ** (-1 / 2), 3)}${num(entropy(0.6, 0.4) / 2)}`,
      )

      const perRun = tableOf(html, 'run-metrics')
      // Greedy finds the most probable sequence: search gap 0. A forced run has none. One sequence: no Self-BLEU-4.
      expect(perRun).toContain(`<td>run 1 greedy</td><td class="num">1</td>${num(0, 1)}<td class="num">-</td>`)
      expect(perRun).toMatch(
        /<td>run 1 greedy<\/td>(<td class="num">[^<]*<\/td>){4}<td class="num">0\.0000<\/td><\/tr>/,
      )
      expect(perRun).toMatch(/<td>run 2 greedy<\/td>(<td class="num">[^<]*<\/td>){4}<td class="num">-<\/td><\/tr>/)
      // The branch says what it forced.
      expect(tableOf(html, 'strategies')).toContain('<i>none</i>; forced: <span class="tok">好</span>')

      // The target as its own draft: 4 drafted, 4 accepted, 0 rejected, 100%; 4 tokens in 1 target call, 3 saved.
      const speculative = tableOf(html, 'speculative')
      expect(speculative).toMatch(
        /<td>run 3 speculative[^<]*<\/td><td class="num">4<\/td><td class="num">4<\/td><td class="num">0<\/td><td class="num">100\.0%<\/td><td class="num">4<\/td><td class="num">1<\/td><td class="num">3<\/td>/,
      )

      // The JSON export of the experiment with its branch imports back into a fresh database, unchanged.
      const [json] = await exportTarget(db, { experimentId }, 'json', NOW)
      const imported = importReport(fresh, json.data.toString('utf8'))
      expect(imported.created).toBe(true)
      const runs = getExperimentRuns(fresh, imported.experimentId)
      expect(runs.map((r) => [r.position, r.strategy.forced ?? null])).toEqual([
        [0, null],
        [1, [3]],
        [2, null],
      ])
      expect(runs[1].sequences[0].probability).toBeCloseTo(0.4, 12)
      expect(runs[1].tree.filter((n) => n.forced).map((n) => n.text)).toEqual(['好'])
      const [again] = await exportTarget(fresh, { experimentId: imported.experimentId }, 'json', NOW)
      expect(again.data.toString('utf8')).toBe(json.data.toString('utf8'))
      expect(importReport(fresh, json.data.toString('utf8')).created).toBe(false)
    } finally {
      db.close()
      fresh.close()
    }
  })

  it('escapes token text in the metrics tables: <img src=x onerror=alert(1)> is text, never markup', async () => {
    const dir = tempDir()
    const db = openDatabase(path.join(dir, 'a.sqlite'))
    try {
      const file = path.join(dir, 'hostile.json')
      writeHostileTable(file)
      const model = await resolveModel(file)
      const { experimentId } = await runExperiment(db, {
        model,
        prompt: '',
        maxTokens: 8,
        topN: 10,
        metrics: true,
        strategies: [parseStrategySpec('greedy', () => 0)],
      })
      const [out] = await exportTarget(db, { experimentId }, 'html', NOW)
      const html = out.data.toString('utf8')
      const perSequence = tableOf(html, 'sequence-metrics')
      expect(perSequence).toContain('&lt;img src=x onerror=alert(1)&gt;')
      expect(perSequence).toContain('&lt;script&gt;alert(2)&lt;/script&gt;')
      expect(perSequence).toContain('<span class="esc">\\u{202e}</span>evil')
      expect(html).not.toMatch(/<img|<script/i)
      // 7 hostile tokens at 0.9 each, then </s> at 1.0 (the default): ln(0.9^7) over 8 tokens.
      expect(perSequence).toContain(`${num(7 * Math.log(0.9))}${num((7 * Math.log(0.9)) / 8)}`)
      expect(tableOf(html, 'run-metrics')).toContain('<td>run 1 greedy</td><td class="num">1</td>')
    } finally {
      db.close()
    }
  })

  it('in Chinese when the app asks for it, through the same request the app sends', async () => {
    const dir = tempDir()
    const db = openDatabase(path.join(dir, 'zh.sqlite'))
    try {
      const model = await resolveModel('seed-weather')
      const { experimentId } = await runExperiment(db, {
        model,
        prompt: '',
        maxTokens: 8,
        topN: 10,
        metrics: true,
        strategies: [parseStrategySpec('greedy', () => 0)],
      })
      const request = parseRequest('report.export', { target: { experimentId }, format: 'html', locale: 'zh-CN' })
      const [out] = await exportTarget(db, request.target, request.format, { ...NOW, locale: request.locale })
      const html = out.data.toString('utf8')
      expect(html).toContain('<h2>指标</h2>')
      expect(tableOf(html, 'run-metrics')).toContain(
        '<thead><tr><th>运行</th><th>序列数</th><th>重复率 %（平均）</th><th>Self-BLEU-4</th><th>Zipf 系数</th><th>搜索差距（对数概率）</th></tr></thead>',
      )
      expect(tableOf(html, 'run-metrics')).toContain('<td>运行 1 greedy</td><td class="num">1</td>')
      // The chain rule of 天气好, no gaps between the characters.
      expect(html).toContain(
        'P(<span class="tok">天</span><span class="tok">气</span><span class="tok">好</span><span class="tok">&lt;end&gt;</span>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432',
      )
      expect(() => parseRequest('report.export', { target: { experimentId }, format: 'html', locale: 'fr' })).toThrow(
        /locale/,
      )
    } finally {
      db.close()
    }
  })
})
