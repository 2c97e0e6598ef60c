import fs from 'node:fs'
import path from 'node:path'
import { databasePath } from '../paths'
import {
  CUT_FORMATS,
  EXPORT_FORMATS,
  exportTarget,
  type ExportFormat,
  type ExportTarget,
} from '../report/export-target'
import { openDatabase } from '../store/database'
import { parse, required, wholeNumber } from './args'
import { UsageError } from './cli-error'
import type { Io } from './io'
import { InputError } from '../../core/errors'
import { REPORT_LOCALES, type ReportLocale } from '../../core/report/report-messages'

/** `run:12` or `exp:3` (also `experiment:3`): a bare number would be ambiguous. */
export function parseTarget(text: string): ExportTarget {
  const m = /^(run|exp|experiment):(\d+)$/.exec(text.trim())
  const id = m ? Number(m[2]) : 0
  if (!m || !Number.isSafeInteger(id) || id < 1) {
    throw new UsageError(
      `export: say what to export as run:ID or exp:ID (e.g. run:12, exp:3), got "${text}"; list them with: runs`,
    )
  }
  return m[1] === 'run' ? { runId: id } : { experimentId: id }
}

/** Where a file of a several-file export goes: `out.csv` with part `nodes` is `out.nodes.csv`. */
export function partPath(out: string, part: string | undefined): string {
  if (!part) return out
  const ext = path.extname(out)
  return `${out.slice(0, out.length - ext.length)}.${part}${ext}`
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'export',
    args,
    {
      format: { type: 'string' },
      out: { type: 'string' },
      'max-nodes': { type: 'string' },
      lang: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  )
  const target = parseTarget(required('export', 'RUN_ID|EXPERIMENT_ID (run:ID or exp:ID)', positionals[0]))
  const formatText = required('export', '--format', values.format)
  if (!(EXPORT_FORMATS as readonly string[]).includes(formatText)) {
    throw new UsageError(`export: --format must be one of ${EXPORT_FORMATS.join(', ')}, got "${formatText}"`)
  }
  const format = formatText as ExportFormat
  const out = required('export', '--out', values.out)
  if (values['max-nodes'] !== undefined && !CUT_FORMATS.includes(format)) {
    throw new UsageError(`export: --max-nodes applies to ${CUT_FORMATS.join(', ')}; ${format} always holds every node`)
  }
  const lang = values.lang
  if (lang !== undefined && !(REPORT_LOCALES as readonly string[]).includes(lang))
    throw new UsageError(`export: --lang must be one of ${REPORT_LOCALES.join(', ')}, got "${lang}"`)
  if (lang !== undefined && format !== 'html' && format !== 'pdf')
    throw new UsageError(`export: --lang applies to html and pdf; ${format} holds data, not words`)
  const maxNodes = values['max-nodes'] === undefined ? undefined : wholeNumber('--max-nodes', values['max-nodes'], 0, 1)
  const dir = path.dirname(path.resolve(out))
  if (!fs.existsSync(dir))
    throw new InputError(`export: the folder ${dir} does not exist; create it or pick another --out`)
  const file = databasePath(values.db)
  const db = openDatabase(file)
  try {
    const files = await exportTarget(db, target, format, { maxNodes, locale: lang as ReportLocale | undefined })
    const written = files.map((f) => {
      const dest = partPath(out, f.part)
      fs.writeFileSync(dest, f.data)
      return { file: dest, bytes: f.data.length, ...(f.part ? { part: f.part } : {}) }
    })
    if (values.json) io.out(JSON.stringify({ format, files: written }))
    else for (const w of written) io.out(`wrote ${w.file} (${w.bytes} bytes)`)
    return 0
  } finally {
    db.close()
  }
}
