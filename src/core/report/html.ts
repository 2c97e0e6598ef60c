import { chainRule, formatProb } from '../format'
import { formatStrategy } from '../strategy-spec'
import { escapeXml, safeText, textMarkup } from './escape'
import { joinFor, tokenSpans, type TokenJoin } from './visible-token'
import { treesHtml } from './html-trees'
import { metricsHtml } from './html-metrics'
import { provenanceHtml } from './html-provenance'
import type { Report, ReportRun } from './json-schema'
import { cumulativeChartSvg, finalChartSvg, SERIES_COLOURS, type ChartSeries } from './svg-charts'

/** Scripts, frames, fonts and fetches are all forbidden; only inline styles and data: images. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;color:#111;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #e5e7eb}
table{border-collapse:collapse;margin:.5rem 0;max-width:100%}th,td{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}td:first-child{min-width:7em}table.strategies td:first-child{min-width:0}
table.compare td:nth-child(2),table.sequence-metrics td:nth-child(3){min-width:10em}
.table-box{overflow-x:auto;max-width:100%}
th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums;overflow-wrap:normal;white-space:nowrap}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.tok{white-space:pre-wrap;border-radius:2px;padding:0 1px;box-decoration-break:clone}
.tok:nth-child(odd){background:#f1f5f9}.tok:nth-child(even){background:#e0e7ff}
.esc{color:#b91c1c;font-family:monospace}
.note{color:#92400e;background:#fffbeb;border:1px solid #fcd34d;padding:.3rem .6rem}
.charts{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}figcaption{font-weight:600}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:middle}
.tree-box{overflow:auto;border:1px solid #e5e7eb}.tree-box svg{display:block}
.tree-pages{display:none}
code{font-size:.9em}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;max-width:none;padding:0}h2{break-after:avoid}table{width:100%;font-size:12px}.table-box{overflow:visible}tr{break-inside:avoid}
.tree-figure{display:none}.tree-pages{display:block}section.run-tree h2{margin:0 0 .3rem}section.run-tree .note{margin:0 0 .3rem;font-size:12px}
.tree-page{break-inside:avoid}section.run-tree{break-before:page}section.run-tree+h2{break-before:page}.tree-page+.tree-page{break-before:page}.tree-page figcaption{font-size:12px;margin-bottom:4px}.tree-page svg{display:block}}
`

export interface HtmlOptions {
  /** Most tree nodes drawn per run. */
  maxNodes: number
}

interface Row {
  label: string
  run: ReportRun
  sequence: ReportRun['sequences'][number]
}

function tokens(list: readonly string[], join: TokenJoin): string {
  return list.length ? tokenSpans(list, join) : '<i>(no tokens)</i>'
}

function logProbText(lp: number): string {
  return Number.isFinite(lp) ? lp.toFixed(4) : '-inf'
}

function params(run: ReportRun, join: TokenJoin): string {
  const entries = Object.entries(run.strategy.params).filter(([k]) => k !== 'seed')
  const text = entries.length ? entries.map(([k, v]) => `${escapeXml(k)} = ${escapeXml(String(v))}`).join(', ') : '<i>none</i>'
  return `${text}${forcedText(run, join)}`
}

/** A branch by hand: the tokens it forced after the prompt, as the run's tree names them. */
function forcedText(run: ReportRun, join: TokenJoin): string {
  const forced = run.strategy.forced
  if (!forced?.length) return ''
  const marked = run.tree.filter((n) => n.forced).sort((a, b) => a.depth - b.depth)
  const texts = marked.length === forced.length ? marked.map((n) => n.text) : forced.map((id) => `#${id}`)
  return `; forced: ${tokens(texts, join)}`
}

function runLabel(run: ReportRun): string {
  return `run ${run.position + 1} ${formatStrategy(run.strategy)}`
}

function rowsOf(report: Report): Row[] {
  return report.runs.flatMap((run) =>
    run.sequences.map((sequence, i) => ({ label: `${runLabel(run)}${run.sequences.length > 1 ? ` (sequence ${i + 1})` : ''}`, run, sequence })),
  )
}

function metadata(report: Report): string {
  const e = report.experiment
  const item = (k: string, v: string) => `<dt>${k}</dt><dd>${v}</dd>`
  return [
    '<dl class="meta">',
    item('Model', `<code>${textMarkup(e.modelId, 'span')}</code> (${escapeXml(e.modelKind)}, ${e.vocabSize} tokens)`),
    item('Model file sha256', e.modelSha256 ? `<code>${e.modelSha256}</code>` : '<i>the model file was not found when this report was made</i>'),
    item('Prompt', e.prompt ? `${tokens(e.promptTokens, joinFor(e.modelKind))} <span class="raw">(“${textMarkup(e.prompt, 'span')}”)</span>` : '<i>(empty)</i>'),
    item('Max tokens, top N', `${e.maxTokens}, ${e.topN}`),
    item('Experiment created', escapeXml(e.createdAt)),
    item('Experiment key', `<code>${e.key}</code>`),
    item('Report', `${report.scope === 'run' ? 'one run' : 'the whole experiment'}, made ${escapeXml(report.exportedAt)} by ${escapeXml(report.app.name)} ${escapeXml(report.app.version)}`),
    '</dl>',
  ].join('\n')
}

function strategies(report: Report): string {
  const rows = report.runs.map((r) =>
    [
      `<td>${r.position + 1}</td>`,
      `<td>${escapeXml(r.strategy.name)}</td>`,
      `<td>${params(r, joinFor(report.experiment.modelKind))}</td>`,
      `<td class="num">${r.strategy.params.seed === undefined ? '-' : escapeXml(String(r.strategy.params.seed))}</td>`,
      `<td>${escapeXml(r.status)}${r.error ? `: ${textMarkup(r.error, 'span')}` : ''}${r.optimal === false ? ' (budget spent: may not be optimal)' : ''}${r.warnings.map((w) => `<br>warning: ${textMarkup(w, 'span')}`).join('')}</td>`,
      `<td class="num">${r.tree.length}</td>`,
      `<td class="num">${r.elapsedMs === null ? '-' : r.elapsedMs.toFixed(1)}</td>`,
    ].join(''),
  )
  return `<div class="table-box"><table class="strategies"><thead><tr><th>run</th><th>strategy</th><th>parameters</th><th>seed</th><th>status</th><th>tree nodes</th><th>ms</th></tr></thead><tbody>\n${rows.map((r) => `<tr>${r}</tr>`).join('\n')}\n</tbody></table></div>`
}

function comparison(rows: Row[], join: TokenJoin): string {
  const body = rows.map(({ label, sequence: s }) => {
    const perplexity = s.steps.length && Number.isFinite(s.logProb) ? Math.exp(-s.logProb / s.steps.length).toFixed(3) : '-'
    return `<tr><td>${escapeXml(label)}</td><td>${tokens(s.tokens, join)}</td><td class="num">${formatProb(s.probability)}</td><td class="num">${logProbText(s.logProb)}</td><td class="num">${perplexity}</td><td class="num">${s.steps.length}</td><td>${s.finished ? 'yes' : 'no (max tokens)'}</td></tr>`
  })
  return `<div class="table-box"><table class="compare"><thead><tr><th>strategy</th><th>tokens</th><th>probability</th><th>log-prob</th><th>perplexity</th><th>length</th><th>finished</th></tr></thead><tbody>\n${body.join('\n')}\n</tbody></table></div>`
}

function chainRules(rows: Row[], join: TokenJoin): string {
  const items = rows.map(({ label, sequence: s }) => `<li><b>${escapeXml(label)}</b>: P(${tokenSpans(s.tokens, join)}) = ${escapeXml(chainRule(s))}</li>`)
  return `<ul class="chain-rule">\n${items.join('\n')}\n</ul>`
}

function charts(rows: Row[]): string {
  if (rows.length === 0) return ''
  const series: ChartSeries[] = rows.map((r) => ({ label: r.label, stepLogProbs: r.sequence.steps.map((s) => s.logProb) }))
  const legend = rows
    .map((r, i) => `<li><span class="swatch" style="background:${SERIES_COLOURS[i % SERIES_COLOURS.length]}"></span>#${i + 1} ${escapeXml(r.label)}</li>`)
    .join('')
  return [
    '<div class="charts">',
    `<figure><figcaption>Cumulative log-likelihood per step</figcaption>${cumulativeChartSvg(series)}</figure>`,
    `<figure><figcaption>Final log-likelihood</figcaption>${finalChartSvg(series)}</figure>`,
    '</div>',
    `<ul class="chart-legend">${legend}</ul>`,
  ].join('\n')
}

/** The report as one self-contained HTML file: no scripts, no external resources, readable offline. */
export function reportHtml(report: Report, options: HtmlOptions): string {
  const rows = rowsOf(report)
  const e = report.experiment
  const title = `Decoding Lab report: ${e.modelId}${e.prompt ? `, “${e.prompt}”` : ''}`
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeXml(`${report.app.name} ${report.app.version}`)}">`,
    `<title>${safeText(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>Decoding Lab report</h1>`,
    metadata(report),
    treesHtml(report, options.maxNodes, runLabel),
    '<h2>Strategies</h2>',
    strategies(report),
    '<h2>Comparison</h2>',
    comparison(rows, joinFor(e.modelKind)),
    '<h3>Chain rule, P(X) = ∏ P(x<sub>t</sub> | x<sub>&lt;t</sub>)</h3>',
    chainRules(rows, joinFor(e.modelKind)),
    '<h2>Likelihood</h2>',
    charts(rows),
    metricsHtml(report, runLabel),
    provenanceHtml(report, runLabel),
    `<footer><p>Made with ${escapeXml(report.app.name)} ${escapeXml(report.app.version)}. The JSON export of the same ${report.scope} holds every tree node and can be imported into another Decoding Lab.</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

