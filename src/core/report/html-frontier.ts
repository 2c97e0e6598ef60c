import type { Interval } from '../stats/bootstrap'
import { INTERPOLATION_METHOD } from '../stats/matched-level'
import type { FrontierCurve, MatchedTable } from '../sweep/frontier'
import { escapeXml } from './escape'
import { table } from './html-metrics'
import type { ReportT } from './report-messages'
import { SERIES_COLOURS } from './svg-charts'

/** A sweep's frontier as the report shows it: the curves, the matched comparison, and the two metrics' names. */
export interface ReportFrontier {
  curves: readonly FrontierCurve[]
  matched: MatchedTable | null
  /** Metric names of the diversity (x) and quality (y) axes, as the sweep's intervals name them. */
  x: string
  y: string
}

const W = 560
const H = 320
const PAD = { left: 64, right: 16, top: 16, bottom: 44 }

const extent = (values: number[]): [number, number] => {
  const finite = values.filter(Number.isFinite)
  if (finite.length === 0) return [0, 1]
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)]
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi]
}

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : v > 0 ? 'inf' : '-inf')

/**
 * The frontier as inline SVG: every point at its means with bars over both intervals, and one
 * polyline per family in parameter order. Labels are escaped; nothing from the runs is markup.
 */
export function frontierSvg(f: ReportFrontier, title: string): string {
  const all = f.curves.flatMap((c) => c.points)
  const [x0, x1] = extent(all.flatMap((p) => [p.x.low, p.x.high]))
  const [y0, y1] = extent(all.flatMap((p) => [p.y.low, p.y.high]))
  const sx = (v: number): string => (PAD.left + ((v - x0) / (x1 - x0)) * (W - PAD.left - PAD.right)).toFixed(1)
  const sy = (v: number): string => (H - PAD.bottom - ((v - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom)).toFixed(1)
  const bar = (x: Interval, y: Interval, colour: string): string =>
    `<line class="interval" x1="${sx(x.mean)}" x2="${sx(x.mean)}" y1="${sy(y.low)}" y2="${sy(y.high)}" stroke="${colour}"/>` +
    `<line class="interval" x1="${sx(x.low)}" x2="${sx(x.high)}" y1="${sy(y.mean)}" y2="${sy(y.mean)}" stroke="${colour}"/>`
  const body = f.curves.map((c, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]
    const pts = c.points.filter((p) => Number.isFinite(p.x.mean) && Number.isFinite(p.y.mean))
    return [
      `<g class="family" data-family="${escapeXml(c.label)}">`,
      `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${pts.map((p) => `${sx(p.x.mean)},${sy(p.y.mean)}`).join(' ')}"/>`,
      ...pts.map(
        (p) =>
          `${bar(p.x, p.y, colour)}<circle cx="${sx(p.x.mean)}" cy="${sy(p.y.mean)}" r="3" fill="${colour}"><title>${escapeXml(`${c.label} ${c.param}=${p.param}`)}</title></circle>`,
      ),
      '</g>',
    ].join('\n')
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart frontier" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>text{font:11px sans-serif;fill:#374151}</style>',
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#9ca3af"/>`,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#9ca3af"/>`,
    `<text x="${PAD.left}" y="${H - PAD.bottom + 14}">${fmt(x0)}</text><text x="${W - PAD.right}" y="${H - PAD.bottom + 14}" text-anchor="end">${fmt(x1)}</text>`,
    `<text x="${PAD.left - 6}" y="${H - PAD.bottom}" text-anchor="end">${fmt(y0)}</text><text x="${PAD.left - 6}" y="${PAD.top + 8}" text-anchor="end">${fmt(y1)}</text>`,
    `<text x="${(W + PAD.left) / 2}" y="${H - 8}" text-anchor="middle">${escapeXml(f.x)}</text>`,
    `<text x="14" y="${(H - PAD.bottom) / 2}" transform="rotate(-90 14 ${(H - PAD.bottom) / 2})" text-anchor="middle">${escapeXml(f.y)}</text>`,
    ...body,
    '</svg>',
  ].join('\n')
}

const cell = (v: number | null | undefined): string =>
  `<td class="num">${v === null || v === undefined ? '-' : escapeXml(String(v))}</td>`

/** The frontier section of a sweep's report: the chart, its legend, then the matched table with its method. */
export function frontierHtml(f: ReportFrontier, t: ReportT): string {
  if (f.curves.length === 0) return ''
  const legend = f.curves
    .map(
      (c, i) =>
        `<li><span class="swatch" style="background:${SERIES_COLOURS[i % SERIES_COLOURS.length]}"></span>${escapeXml(c.label)} (${escapeXml(c.param)})</li>`,
    )
    .join('')
  const parts = [
    `<h2>${escapeXml(t('report.frontier'))}</h2>`,
    `<figure><figcaption>${escapeXml(t('report.frontierAxes', { x: f.x, y: f.y }))}</figcaption>${frontierSvg(f, t('report.frontier'))}</figure>`,
    `<ul class="chart-legend">${legend}</ul>`,
    table(
      'frontier-points',
      [
        t('report.col.family'),
        t('report.col.parameter'),
        f.x,
        t('report.col.low'),
        t('report.col.high'),
        f.y,
        t('report.col.low'),
        t('report.col.high'),
      ].map(escapeXml),
      f.curves.flatMap((c) =>
        c.points.map(
          (p) =>
            `<td>${escapeXml(c.label)}</td><td>${escapeXml(`${c.param} = ${p.param}`)}</td>${cell(p.x.mean)}${cell(p.x.low)}${cell(p.x.high)}${cell(p.y.mean)}${cell(p.y.low)}${cell(p.y.high)}`,
        ),
      ),
    ),
  ]
  const m = f.matched
  if (m) {
    const head = [
      t('report.col.family'),
      t('report.col.parameter'),
      t('report.col.paramAtLevel'),
      f.y,
      t('report.col.low'),
      t('report.col.high'),
      t('report.col.ambiguous'),
    ].map(escapeXml)
    const rows = m.rows.map(
      (r) =>
        `<td>${escapeXml(r.label)}</td><td>${escapeXml(r.param)}</td>${cell(r.matched?.param)}${cell(r.matched?.y)}${cell(r.matched?.yLow)}${cell(r.matched?.yHigh)}<td>${r.matched ? escapeXml(t(r.matched.ambiguous ? 'report.yes' : 'report.no')) : escapeXml(t('report.notMeasured'))}</td>`,
    )
    const diffs = m.differences.map(
      (d) =>
        `<td>${escapeXml(d.a)}</td><td>${escapeXml(d.b)}</td>${cell(d.difference)}<td>${escapeXml(t(d.separated ? 'report.yes' : 'report.no'))}</td>`,
    )
    parts.push(
      `<h3>${escapeXml(t('report.matchedAt', { x: f.x, level: m.level }))}</h3>`,
      table('matched', head, rows),
      `<p class="method">${escapeXml(t('report.interpolation', { method: m.method === INTERPOLATION_METHOD ? t('report.method.linear') : m.method }))}</p>`,
    )
    if (diffs.length) {
      const dh = [t('report.col.a'), t('report.col.b'), t('report.col.difference'), t('report.col.separated')].map(
        escapeXml,
      )
      parts.push(table('matched-differences', dh, diffs))
    }
  }
  return parts.join('\n')
}
