import { escapeXml } from './escape'
import { table } from './html-metrics'
import type { Report, ReportRun } from './json-schema'

/** Each run's reproducibility record as a table; empty when no run has one. Every value is escaped. */
export function provenanceHtml(report: Report, label: (r: ReportRun) => string): string {
  const recorded = report.runs.filter((r) => r.provenance)
  if (!recorded.length) return ''
  const td = (v: string | number | null): string => `<td>${v === null ? '-' : escapeXml(String(v))}</td>`
  const rows = recorded.map((run) => {
    const p = run.provenance!
    const params = Object.entries(p.strategy.parameters).map(([k, v]) => `${k}=${v}`).join(', ')
    return [
      td(label(run)),
      td(p.model.sha256),
      td(p.model.quantisation),
      td([p.backend.name, p.backend.version, p.backend.detail].filter(Boolean).join('; ')),
      td(p.strategy.chain.join(' → ') || null),
      td(params || null),
      td(p.strategy.seed),
      td(`${p.app.name} ${p.app.version}`),
      td(p.nondeterminism?.note ?? 'token for token'),
      td(p.chat ? `template ${p.chat.templateSha256}${p.chat.system === null ? '' : `, system prompt: ${p.chat.system}`}` : null),
    ].join('')
  })
  const head = ['run', 'model file SHA-256', 'quantisation', 'backend', 'processors, in order', 'every parameter', 'seed', 'app', 'a re-run repeats it', 'as chat']
  return ['<h2>Reproducibility</h2>', table('provenance', head, rows)].join('\n')
}
