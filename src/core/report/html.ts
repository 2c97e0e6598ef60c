import { chainRule, formatProb } from '../format'
import { formatStrategy } from '../strategy-spec'
import { escapeXml, safeText, textMarkup } from './escape'
import { joinFor, tokenSpans, type TokenJoin } from './visible-token'
import { treesHtml } from './html-trees'
import { metricsHtml, table } from './html-metrics'
import { frontierHtml, type ReportFrontier } from './html-frontier'
import { provenanceHtml } from './html-provenance'
import type { Report, ReportRun } from './json-schema'
import { cumulativeChartSvg, finalChartSvg, SERIES_COLOURS, type ChartSeries } from './svg-charts'
import { reportText, type ReportLocale, type ReportT } from './report-messages'

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
  /** The language of the report's words, the app's own; English when absent. */
  locale?: ReportLocale
  /** A seeds sweep's frontier and matched comparison, for the report of its experiment. */
  frontier?: ReportFrontier
}

interface Row {
  label: string
  run: ReportRun
  sequence: ReportRun['sequences'][number]
}

/** A message whose `{name}` is filled with markup: the words around it are escaped, the markup is not. */
function withMarkup(template: string, name: string, markup: string): string {
  return template.split(`{${name}}`).map(escapeXml).join(markup)
}

function tokens(list: readonly string[], join: TokenJoin, t: ReportT): string {
  return list.length ? tokenSpans(list, join) : `<i>${escapeXml(t('report.noTokens'))}</i>`
}

function logProbText(lp: number): string {
  return Number.isFinite(lp) ? lp.toFixed(4) : '-inf'
}

function params(run: ReportRun, join: TokenJoin, t: ReportT): string {
  const entries = Object.entries(run.strategy.params).filter(([k]) => k !== 'seed')
  const text = entries.length
    ? entries.map(([k, v]) => `${escapeXml(k)} = ${escapeXml(String(v))}`).join(', ')
    : `<i>${escapeXml(t('report.none'))}</i>`
  return `${text}${forcedText(run, join, t)}`
}

/** A branch by hand: the tokens it forced after the prompt, as the run's tree names them. */
function forcedText(run: ReportRun, join: TokenJoin, t: ReportT): string {
  const forced = run.strategy.forced
  if (!forced?.length) return ''
  const marked = run.tree.filter((n) => n.forced).sort((a, b) => a.depth - b.depth)
  const texts = marked.length === forced.length ? marked.map((n) => n.text) : forced.map((id) => `#${id}`)
  return withMarkup(t('report.forced'), 'tokens', tokens(texts, join, t))
}

function runLabelIn(t: ReportT): (run: ReportRun) => string {
  return (run) => t('report.run', { n: run.position + 1, strategy: formatStrategy(run.strategy) })
}

function rowsOf(report: Report, t: ReportT): Row[] {
  const runLabel = runLabelIn(t)
  return report.runs.flatMap((run) =>
    run.sequences.map((sequence, i) => ({
      label: run.sequences.length > 1 ? t('report.sequence', { run: runLabel(run), n: i + 1 }) : runLabel(run),
      run,
      sequence,
    })),
  )
}

function metadata(report: Report, t: ReportT): string {
  const e = report.experiment
  const item = (k: string, v: string) => `<dt>${escapeXml(k)}</dt><dd>${v}</dd>`
  return [
    '<dl class="meta">',
    item(
      t('report.model'),
      `<code>${textMarkup(e.modelId, 'span')}</code> (${escapeXml(t('report.modelKind', { kind: e.modelKind, vocab: e.vocabSize }))})`,
    ),
    item(
      t('report.modelSha'),
      e.modelSha256 ? `<code>${e.modelSha256}</code>` : `<i>${escapeXml(t('report.modelGone'))}</i>`,
    ),
    item(
      t('report.prompt'),
      e.prompt
        ? `${tokens(e.promptTokens, joinFor(e.modelKind), t)} <span class="raw">(“${textMarkup(e.prompt, 'span')}”)</span>`
        : `<i>${escapeXml(t('report.empty'))}</i>`,
    ),
    item(t('report.limits'), `${e.maxTokens}, ${e.topN}`),
    item(t('report.created'), escapeXml(e.createdAt)),
    item(t('report.key'), `<code>${e.key}</code>`),
    item(
      t('report.report'),
      escapeXml(
        t('report.made', {
          scope: t(`report.scope.${report.scope}`),
          at: report.exportedAt,
          app: `${report.app.name} ${report.app.version}`,
        }),
      ),
    ),
    '</dl>',
  ].join('\n')
}

function strategies(report: Report, t: ReportT): string {
  const rows = report.runs.map((r) =>
    [
      `<td>${r.position + 1}</td>`,
      `<td>${escapeXml(r.strategy.name)}</td>`,
      `<td>${params(r, joinFor(report.experiment.modelKind), t)}</td>`,
      `<td class="num">${r.strategy.params.seed === undefined ? '-' : escapeXml(String(r.strategy.params.seed))}</td>`,
      `<td>${escapeXml(t(`report.status.${r.status}`))}${r.error ? `: ${textMarkup(r.error, 'span')}` : ''}${r.optimal === false ? escapeXml(t('report.budgetSpent')) : ''}${r.warnings.map((w) => `<br>${withMarkup(t('report.warning'), 'text', textMarkup(w, 'span'))}`).join('')}</td>`,
      `<td class="num">${r.tree.length}</td>`,
      `<td class="num">${r.elapsedMs === null ? '-' : r.elapsedMs.toFixed(1)}</td>`,
    ].join(''),
  )
  const head = (['run', 'strategy', 'parameters', 'seed', 'status', 'treeNodes', 'ms'] as const).map((k) =>
    t(`report.col.${k}`),
  )
  return table('strategies', head.map(escapeXml), rows)
}

function comparison(rows: Row[], join: TokenJoin, t: ReportT): string {
  const body = rows.map(({ label, sequence: s }) => {
    const perplexity =
      s.steps.length && Number.isFinite(s.logProb) ? Math.exp(-s.logProb / s.steps.length).toFixed(3) : '-'
    return `<td>${escapeXml(label)}</td><td>${tokens(s.tokens, join, t)}</td><td class="num">${formatProb(s.probability)}</td><td class="num">${logProbText(s.logProb)}</td><td class="num">${perplexity}</td><td class="num">${s.steps.length}</td><td>${escapeXml(t(s.finished ? 'report.yes' : s.stopReason === 'contextEnd' ? 'report.noContext' : 'report.noMax'))}</td>`
  })
  const head = (['strategy', 'tokens', 'probability', 'logProb', 'perplexity', 'length', 'finished'] as const).map(
    (k) => escapeXml(t(`report.col.${k}`)),
  )
  return table('compare', head, body)
}

function chainRules(rows: Row[], join: TokenJoin): string {
  const items = rows.map(
    ({ label, sequence: s }) =>
      `<li><b>${escapeXml(label)}</b>: P(${tokenSpans(s.tokens, join)}) = ${escapeXml(chainRule(s))}</li>`,
  )
  return `<ul class="chain-rule">\n${items.join('\n')}\n</ul>`
}

function charts(rows: Row[], t: ReportT): string {
  if (rows.length === 0) return ''
  const series: ChartSeries[] = rows.map((r) => ({
    label: r.label,
    stepLogProbs: r.sequence.steps.map((s) => s.logProb),
  }))
  const legend = rows
    .map(
      (r, i) =>
        `<li><span class="swatch" style="background:${SERIES_COLOURS[i % SERIES_COLOURS.length]}"></span>#${i + 1} ${escapeXml(r.label)}</li>`,
    )
    .join('')
  return [
    '<div class="charts">',
    `<figure><figcaption>${escapeXml(t('report.cumulative'))}</figcaption>${cumulativeChartSvg(series, t('report.cumulative'), t('report.step'))}</figure>`,
    `<figure><figcaption>${escapeXml(t('report.final'))}</figcaption>${finalChartSvg(series, t('report.final'))}</figure>`,
    '</div>',
    `<ul class="chart-legend">${legend}</ul>`,
  ].join('\n')
}

/** The report as one self-contained HTML file: no scripts, no external resources, readable offline. */
export function reportHtml(report: Report, options: HtmlOptions): string {
  const locale = options.locale ?? 'en'
  const t = reportText(locale)
  const runLabel = runLabelIn(t)
  const rows = rowsOf(report, t)
  const e = report.experiment
  const title = `${t('report.titleOf', { model: e.modelId })}${e.prompt ? `, “${e.prompt}”` : ''}`
  return [
    '<!doctype html>',
    `<html lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="${escapeXml(`${report.app.name} ${report.app.version}`)}">`,
    `<title>${safeText(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(t('report.title'))}</h1>`,
    metadata(report, t),
    treesHtml(report, options.maxNodes, runLabel, t),
    `<h2>${escapeXml(t('report.strategies'))}</h2>`,
    strategies(report, t),
    `<h2>${escapeXml(t('report.comparison'))}</h2>`,
    comparison(rows, joinFor(e.modelKind), t),
    `<h3>${escapeXml(t('report.chainRule'))}, P(X) = ∏ P(x<sub>t</sub> | x<sub>&lt;t</sub>)</h3>`,
    chainRules(rows, joinFor(e.modelKind)),
    `<h2>${escapeXml(t('report.likelihood'))}</h2>`,
    charts(rows, t),
    metricsHtml(report, runLabel, t),
    options.frontier ? frontierHtml(options.frontier, t) : '',
    provenanceHtml(report, runLabel, t),
    `<footer><p>${escapeXml(t('report.footer', { app: `${report.app.name} ${report.app.version}`, scope: t(`report.footerScope.${report.scope}`) }))}</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
