import type { Report, ReportRun } from './json-schema'
import { escapeXml } from './escape'
import { joinFor, tokenSpans, type TokenJoin } from './visible-token'

/** A metric as a table cell: fixed decimals, '-' where it does not apply (null). */
function cell(v: number | null | undefined, digits = 4): string {
  return `<td class="num">${v === null || v === undefined || !Number.isFinite(v) ? '-' : escapeXml(v.toFixed(digits))}</td>`
}

/** A table of the report: header cells as given (trusted text), rows as ready-made cells; on screen a table wider than the page scrolls in its box. */
export function table(className: string, head: readonly string[], rows: readonly string[]): string {
  return `<div class="table-box"><table class="${className}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.map((r) => `<tr>${r}</tr>`).join('\n')}\n</tbody></table></div>`
}

function sequenceTable(runs: readonly ReportRun[], label: (r: ReportRun) => string, join: TokenJoin): string {
  const rows = runs.flatMap((run) =>
    (run.metrics?.sequences ?? []).map((m, i) => {
      const text = tokenSpans(run.sequences[i]?.tokens ?? [], join)
      return [
        `<td>${escapeXml(label(run))}</td>`,
        `<td class="num">${i + 1}</td>`,
        `<td>${text}</td>`,
        cell(m.logLikelihood),
        cell(m.meanLogProb),
        cell(m.perplexity, 3),
        cell(m.meanEntropy),
        cell(m.surprisalVariance),
        cell(m.repetitionPct, 1),
        cell(m.distinct1, 3),
        cell(m.distinct2, 3),
        cell(m.distinct3, 3),
        `<td class="num">${m.length}</td>`,
      ].join('')
    }),
  )
  const head = ['run', 'sequence', 'tokens', 'log-likelihood', 'mean log-prob', 'perplexity', 'mean entropy (nats)', 'surprisal variance', 'Repetition %', 'distinct-1', 'distinct-2', 'distinct-3', 'length']
  return table('sequence-metrics', head, rows)
}

function runTable(runs: readonly ReportRun[], label: (r: ReportRun) => string): string {
  const rows = runs.flatMap((run) => {
    const m = run.metrics
    if (!m) return []
    const repetition = m.sequences.length ? m.sequences.reduce((s, q) => s + q.repetitionPct, 0) / m.sequences.length : null
    return [[`<td>${escapeXml(label(run))}</td>`, `<td class="num">${m.sequences.length}</td>`, cell(repetition, 1), cell(m.selfBleu4), cell(m.zipf), cell(m.searchGap)].join('')]
  })
  return table('run-metrics', ['run', 'sequences', 'Repetition % (mean)', 'Self-BLEU-4', 'Zipf coefficient', 'search gap (log-prob)'], rows)
}

function speculativeTable(runs: readonly ReportRun[], label: (r: ReportRun) => string): string {
  const rows = runs.flatMap((run) => {
    const s = run.speculative
    if (!s) return []
    const rate = s.acceptanceRate === null ? '<td class="num">-</td>' : `<td class="num">${(s.acceptanceRate * 100).toFixed(1)}%</td>`
    const counts = [s.drafted, s.accepted, s.rejected].map((n) => `<td class="num">${n}</td>`).join('')
    const calls = [s.tokens, s.targetCalls, s.targetCallsSaved, s.draftCalls].map((n) => `<td class="num">${n}</td>`).join('')
    return [`<td>${escapeXml(label(run))}</td>${counts}${rate}${calls}`]
  })
  return table('speculative', ['run', 'drafted', 'accepted', 'rejected', 'acceptance rate', 'tokens', 'target calls', 'target calls saved', 'draft calls'], rows)
}

/**
 * The degeneration metrics of the report's runs (per sequence, then per run) and the speculative
 * statistics, as tables; empty when no run has either. Token text goes through textMarkup only.
 */
export function metricsHtml(report: Report, label: (r: ReportRun) => string): string {
  const measured = report.runs.filter((r) => r.metrics)
  const speculative = report.runs.filter((r) => r.speculative)
  const parts: string[] = []
  if (measured.length) {
    parts.push('<h2>Metrics</h2>', '<h3>Per sequence</h3>', sequenceTable(measured, label, joinFor(report.experiment.modelKind)))
    parts.push('<h3>Per run</h3>', runTable(measured, label))
    parts.push('<p>Repetition % as Holtzman et al. (2019): a phrase of at least 2 tokens repeated at least 3 times at the end. The search gap is log P(most probable sequence) − log P(the run’s best); - where exact search was not tractable or the run forced tokens.</p>')
  }
  if (speculative.length) parts.push('<h2>Speculative decoding</h2>', speculativeTable(speculative, label))
  return parts.join('\n')
}
