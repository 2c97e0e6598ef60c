import { escapeXml } from './escape'
import { heads, table } from './html-metrics'
import { reportText, type ReportT } from './report-messages'
import type { Report, ReportRun } from './json-schema'

/** Each run's reproducibility record as a table; empty when no run has one. Every value is escaped. */
export function provenanceHtml(report: Report, label: (r: ReportRun) => string, t: ReportT = reportText()): string {
  const recorded = report.runs.filter((r) => r.provenance)
  if (!recorded.length) return ''
  const td = (v: string | number | null): string => `<td>${v === null ? '-' : escapeXml(String(v))}</td>`
  const rows = recorded.map((run) => {
    const p = run.provenance!
    const params = Object.entries(p.strategy.parameters)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')
    return [
      td(label(run)),
      td(p.model.sha256),
      td(p.model.quantisation),
      td([p.backend.name, p.backend.version, p.backend.detail].filter(Boolean).join('; ')),
      td(p.strategy.chain.join(' → ') || null),
      td(params || null),
      td(p.strategy.seed),
      td(`${p.app.name} ${p.app.version}`),
      td(p.nondeterminism?.note ?? t('report.tokenForToken')),
      td(
        p.chat
          ? p.chat.system === null
            ? t('report.chatTemplate', { sha: p.chat.templateSha256 })
            : t('report.chatSystem', { sha: p.chat.templateSha256, system: p.chat.system })
          : null,
      ),
    ].join('')
  })
  const head = heads(t, [
    'run',
    'modelSha',
    'quantisation',
    'backend',
    'processors',
    'everyParameter',
    'seed',
    'app',
    'rerun',
    'chat',
  ])
  return [`<h2>${escapeXml(t('report.reproducibility'))}</h2>`, table('provenance', head, rows)].join('\n')
}
