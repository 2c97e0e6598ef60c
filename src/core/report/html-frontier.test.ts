import { describe, expect, it } from 'vitest'
import type { StrategySpec } from '../strategy-spec'
import { INTERPOLATION_METHOD } from '../stats/matched-level'
import { frontierCurves, matchedTable } from '../sweep/frontier'
import type { SweepCell, SweepSequence } from '../sweep/sweep-records'
import { cellIntervals } from '../sweep/sweep-intervals'
import { frontierHtml } from './html-frontier'
import { reportText } from './report-messages'

function seq(textIds: number[], logLikelihood: number, length: number): SweepSequence {
  const metrics = {
    logLikelihood,
    length,
    repetitionPct: 0,
    distinct2: null,
    meanLogProb: logLikelihood / length,
    perplexity: null,
    meanEntropy: null,
    surprisalVariance: null,
    distinct1: null,
    distinct3: null,
  }
  return { text: textIds.join(' '), textIds, metrics }
}

/** A cell of a seeds sweep: three prompts × seeds merged, each output two sequences with distinct log-likelihoods. */
function cell(
  index: number,
  name: StrategySpec['name'],
  param: string,
  value: number,
  lls: number[],
  overlap: number,
): SweepCell {
  return {
    index,
    values: { [param]: value },
    strategy: { name, params: { [param]: value } },
    outputs: lls.map((ll, prompt) => ({
      prompt,
      runId: index * 10 + prompt,
      status: 'done' as const,
      // The second sequence shares `overlap` of its first tokens with the first: Self-BLEU-4 grows with it.
      sequences: [
        seq([1, 2, 3, 4, 5, 6], ll, 6),
        seq([...[1, 2, 3, 4, 5, 6].slice(0, overlap), ...[7, 8, 9, 10, 11, 12].slice(overlap)], ll - 1, 6),
      ],
    })),
  }
}

/** The text of every cell of the table with this class, row by row. */
function tableCells(html: string, className: string): string[][] {
  const body = new RegExp(`<table class="${className}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]),
  )
}

describe('the frontier in the report', () => {
  const sweeps = [
    {
      name: 'nucleus',
      param: 'p',
      cells: [cell(0, 'nucleus', 'p', 0.5, [-3, -4, -5], 6), cell(1, 'nucleus', 'p', 0.9, [-8, -9, -7], 0)],
    },
    {
      name: 'minp<b>',
      param: 'p',
      cells: [cell(2, 'minp', 'p', 0.05, [-9, -10, -12], 0), cell(3, 'minp', 'p', 0.3, [-2, -3, -4], 6)],
    },
  ]
  const curves = frontierCurves(sweeps, 'selfBleu4', 'meanLogProb', 11)
  const level = 0.5
  const matched = matchedTable(curves, level)
  const html = frontierHtml({ curves, matched, x: 'selfBleu4', y: 'meanLogProb' }, reportText('en'))

  it('lists every point with the exact means and bounds of the seeded intervals', () => {
    const rows = tableCells(html, 'frontier-points')
    const want = sweeps.flatMap((s) =>
      s.cells.map((c) => {
        const ci = cellIntervals(c, 11)
        const [x, y] = [ci.selfBleu4!, ci.meanLogProb!]
        return [
          s.name.replace('<', '&lt;').replace('>', '&gt;'),
          `p = ${c.values.p}`,
          ...[x.mean, x.low, x.high, y.mean, y.low, y.high].map(String),
        ]
      }),
    )
    expect(rows).toEqual(want)
    // Not degenerate: the bootstrap spread the log-likelihoods into an interval.
    expect(Number(rows[0][6])).toBeLessThan(Number(rows[0][7]))
  })

  it('reads each family at the level in the matched table, with the values of the interpolation and its method', () => {
    const rows = tableCells(html, 'matched')
    expect(rows).toEqual(
      matched.rows.map((r) => [
        r.label.replace('<', '&lt;').replace('>', '&gt;'),
        r.param,
        ...[r.matched!.param, r.matched!.y, r.matched!.yLow, r.matched!.yHigh].map(String),
        'no',
      ]),
    )
    // By hand for nucleus: x goes 1 → 0 from p 0.5 to 0.9, so the level 0.5 is halfway: y and the bounds are the two points' midpoints.
    const [a, b] = curves[0].points
    expect(matched.rows[0].matched!.y).toBeCloseTo((a.y.mean + b.y.mean) / 2, 12)
    expect(matched.rows[0].matched!.param).toBeCloseTo(0.7, 12)
    expect(html).toContain(`Interpolation: ${matched.method}.`)
    expect(tableCells(html, 'matched-differences')).toEqual([
      [
        'nucleus',
        'minp&lt;b&gt;',
        String(matched.differences[0].difference),
        matched.differences[0].separated ? 'yes' : 'no',
      ],
    ])
  })

  it('draws one polyline per family, a dot and two interval bars per point, and escapes the labels', () => {
    expect(html.match(/<polyline /g)).toHaveLength(2)
    expect(html.match(/<circle /g)).toHaveLength(4)
    expect(html.match(/<line class="interval"/g)).toHaveLength(8)
    expect(html).not.toContain('minp<b>')
    expect(html).toContain('data-family="minp&lt;b&gt;"')
  })

  it('speaks Chinese in a zh-CN report', () => {
    const zh = frontierHtml({ curves, matched, x: 'selfBleu4', y: 'meanLogProb' }, reportText('zh-CN'))
    expect(zh).toContain('<h2>前沿：质量对多样性，附 95% 区间</h2>')
    expect(zh).toContain(
      '插值方法：按参数顺序取多样性跨过该水平的两个相邻点，在两点之间线性插值；区间上下限以同样方式插值；不在测得范围之外外推。',
    )
    // The English words are the method's own, as the CSV states it.
    expect(reportText('en')('report.method.linear')).toBe(INTERPOLATION_METHOD)
  })
})
