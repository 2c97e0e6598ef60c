import type { Report, ReportRun } from './json-schema'
import { escapeXml } from './escape'
import { reportText, type ReportKey, type ReportT } from './report-messages'
import { joinFor, tokenSpans, type TokenJoin } from './visible-token'

/** A metric as a table cell: fixed decimals, '-' where it does not apply (null). */
function cell(v: number | null | undefined, digits = 4): string {
  return `<td class="num">${v === null || v === undefined || !Number.isFinite(v) ? '-' : escapeXml(v.toFixed(digits))}</td>`
}

/** A table of the report: header cells as given (trusted text), rows as ready-made cells; on screen a table wider than the page scrolls in its box. */
export function table(className: string, head: readonly string[], rows: readonly string[]): string {
  return `<div class="table-box"><table class="${className}"><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>\n${rows.map((r) => `<tr>${r}</tr>`).join('\n')}\n</tbody></table></div>`
}

/** Column heads in the report's language, escaped (they go into `table` as markup). */
export function heads(t: ReportT, keys: readonly string[]): string[] {
  return keys.map((k) => escapeXml(t(`report.col.${k}` as ReportKey)))
}

function sequenceTable(
  runs: readonly ReportRun[],
  label: (r: ReportRun) => string,
  join: TokenJoin,
  t: ReportT,
): string {
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
  const head = [
    ...heads(t, [
      'run',
      'sequence',
      'tokens',
      'logLikelihood',
      'meanLogProb',
      'perplexity',
      'meanEntropy',
      'surprisalVariance',
      'repetition',
    ]),
    'distinct-1',
    'distinct-2',
    'distinct-3',
    ...heads(t, ['length']),
  ]
  return table('sequence-metrics', head, rows)
}

function runTable(runs: readonly ReportRun[], label: (r: ReportRun) => string, t: ReportT): string {
  const rows = runs.flatMap((run) => {
    const m = run.metrics
    if (!m) return []
    const repetition = m.sequences.length
      ? m.sequences.reduce((s, q) => s + q.repetitionPct, 0) / m.sequences.length
      : null
    return [
      [
        `<td>${escapeXml(label(run))}</td>`,
        `<td class="num">${m.sequences.length}</td>`,
        cell(repetition, 1),
        cell(m.selfBleu4),
        cell(m.zipf),
        cell(m.searchGap),
      ].join(''),
    ]
  })
  const head = [...heads(t, ['run', 'sequences', 'repetitionMean']), 'Self-BLEU-4', ...heads(t, ['zipf', 'searchGap'])]
  return table('run-metrics', head, rows)
}

function speculativeTable(runs: readonly ReportRun[], label: (r: ReportRun) => string, t: ReportT): string {
  const rows = runs.flatMap((run) => {
    const s = run.speculative
    if (!s) return []
    const rate =
      s.acceptanceRate === null
        ? '<td class="num">-</td>'
        : `<td class="num">${(s.acceptanceRate * 100).toFixed(1)}%</td>`
    const counts = [s.drafted, s.accepted, s.rejected].map((n) => `<td class="num">${n}</td>`).join('')
    const calls = [s.tokens, s.targetCalls, s.targetCallsSaved, s.draftCalls]
      .map((n) => `<td class="num">${n}</td>`)
      .join('')
    return [`<td>${escapeXml(label(run))}</td>${counts}${rate}${calls}`]
  })
  return table(
    'speculative',
    heads(t, [
      'run',
      'drafted',
      'accepted',
      'rejected',
      'acceptance',
      'tokens',
      'targetCalls',
      'targetSaved',
      'draftCalls',
    ]),
    rows,
  )
}

/**
 * The degeneration metrics of the report's runs (per sequence, then per run) and the speculative
 * statistics, as tables; empty when no run has either. Token text goes through textMarkup only.
 */
export function metricsHtml(report: Report, label: (r: ReportRun) => string, t: ReportT = reportText()): string {
  const measured = report.runs.filter((r) => r.metrics)
  const speculative = report.runs.filter((r) => r.speculative)
  const parts: string[] = []
  if (measured.length) {
    parts.push(
      `<h2>${escapeXml(t('report.metrics'))}</h2>`,
      `<h3>${escapeXml(t('report.perSequence'))}</h3>`,
      sequenceTable(measured, label, joinFor(report.experiment.modelKind), t),
    )
    parts.push(`<h3>${escapeXml(t('report.perRun'))}</h3>`, runTable(measured, label, t))
    parts.push(`<p>${escapeXml(t('report.metricsNote'))}</p>`)
  }
  if (speculative.length)
    parts.push(`<h2>${escapeXml(t('report.speculative'))}</h2>`, speculativeTable(speculative, label, t))
  return parts.join('\n')
}
