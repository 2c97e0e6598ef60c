import { escapeXml, safeText } from './escape'

/** One line of a chart: a returned sequence with its per-step log-probabilities. */
export interface ChartSeries {
  label: string
  stepLogProbs: readonly number[]
}

export const SERIES_COLOURS = ['#2563eb', '#16a34a', '#dc2626', '#ca8a04', '#7c3aed', '#0891b2', '#db2777', '#4b5563']

const W = 520
const H = 280
const PAD = { left: 56, right: 16, top: 16, bottom: 40 }
const PLOT_W = W - PAD.left - PAD.right
const PLOT_H = H - PAD.top - PAD.bottom

/** A few round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number, count = 5): number[] {
  if (hi === lo) return [lo]
  const raw = (hi - lo) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw
  const decimals = Math.max(0, -Math.floor(Math.log10(step)))
  const out: number[] = []
  // Multiples of the step, rounded to its decimals, so that 0 is 0 and not 2.3e-17.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
    out.push(Number((k * step).toFixed(decimals)) || 0)
  return out
}

function frame(title: string, body: string[], yTicks: number[], y: (v: number) => number, xLabels: string[]): string {
  const grid = yTicks.map(
    (t) =>
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e7eb"/><text x="${PAD.left - 6}" y="${y(t).toFixed(1)}" dy="0.32em" text-anchor="end">${t}</text>`,
  )
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(title)}">`,
    '<style>text{font:11px sans-serif;fill:#374151}</style>',
    ...grid,
    ...xLabels,
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#9ca3af"/>`,
    ...body,
    '</svg>',
  ].join('\n')
}

function yScale(values: number[]): { y: (v: number) => number; yTicks: number[] } {
  const finite = values.filter(Number.isFinite)
  const lo = Math.min(0, ...finite)
  const yTicks = ticks(lo, 0)
  const bottom = Math.min(lo, yTicks[0])
  const y = (v: number) => PAD.top + (bottom === 0 ? 0 : (v / bottom) * PLOT_H)
  return { y, yTicks }
}

/** Cumulative log-likelihood after each step, one polyline per sequence; an impossible step ends its line. */
export function cumulativeChartSvg(
  series: readonly ChartSeries[],
  title = 'Cumulative log-likelihood per step',
  stepLabel = 'step',
): string {
  const cumulative = series.map((s) => {
    const points = [0]
    for (const lp of s.stepLogProbs) points.push(points[points.length - 1] + lp)
    return points
  })
  const steps = Math.max(1, ...cumulative.map((c) => c.length - 1))
  const { y, yTicks } = yScale(cumulative.flat())
  const x = (i: number) => PAD.left + (i / steps) * PLOT_W
  const xLabels = ticks(0, steps, Math.min(steps, 8))
    .filter(Number.isInteger)
    .map((i) => `<text x="${x(i).toFixed(1)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${i}</text>`)
  xLabels.push(`<text x="${PAD.left + PLOT_W / 2}" y="${H - 4}" text-anchor="middle">${escapeXml(stepLabel)}</text>`)
  const lines = cumulative.map((c, i) => {
    const end = c.findIndex((v) => !Number.isFinite(v))
    const finite = end < 0 ? c : c.slice(0, end)
    const pts = finite.map((v, j) => `${x(j).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]
    return `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts}"><title>${safeText(series[i].label)}</title></polyline>`
  })
  return frame(title, lines, yTicks, y, xLabels)
}

/** Final log-likelihood of each sequence as a bar; an impossible sequence gets a bar labelled -inf. */
export function finalChartSvg(series: readonly ChartSeries[], title = 'Final log-likelihood'): string {
  const finals = series.map((s) => s.stepLogProbs.reduce((a, b) => a + b, 0))
  const { y, yTicks } = yScale(finals)
  const slot = PLOT_W / Math.max(1, series.length)
  const bars = finals.map((v, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length]
    const bottom = Number.isFinite(v) ? y(v) : PAD.top + PLOT_H
    const x = PAD.left + i * slot + slot * 0.15
    const value = Number.isFinite(v) ? v.toFixed(3) : '-inf'
    return `<rect x="${x.toFixed(1)}" y="${y(0).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${(bottom - y(0)).toFixed(1)}" fill="${colour}"><title>${safeText(series[i].label)}: ${value}</title></rect>`
  })
  const xLabels = finals.map((v, i) => {
    const x = (PAD.left + (i + 0.5) * slot).toFixed(1)
    return `<text x="${x}" y="${H - PAD.bottom + 14}" text-anchor="middle">#${i + 1}</text><text x="${x}" y="${H - PAD.bottom + 28}" text-anchor="middle">${Number.isFinite(v) ? v.toFixed(3) : '-inf'}</text>`
  })
  return frame(title, bars, yTicks, y, xLabels)
}
