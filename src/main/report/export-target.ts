import type { Database } from 'better-sqlite3'
import { InputError } from '../../core/errors'
import { nodesCsv, sequencesCsv } from '../../core/report/csv'
import { reportDot } from '../../core/report/dot'
import { reportHtml, type HtmlOptions } from '../../core/report/html'
import type { Report } from '../../core/report/json-schema'
import type { ReportLocale } from '../../core/report/report-messages'
import { intervalsCsv, matchedCsv } from '../../core/report/research-csv'
import { chromiumPdf } from './chromium-pdf'
import { sweepFrontier, type SweepFrontier } from './sweep-frontier'
import { readReport, type ExportTarget } from './read-report'

export type { ExportTarget }

export const EXPORT_FORMATS = ['html', 'pdf', 'json', 'csv', 'dot'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** Formats that draw the tree, and so cut a large one to its most probable branches. */
export const CUT_FORMATS: readonly ExportFormat[] = ['html', 'pdf', 'dot']
export const DEFAULT_MAX_NODES = 400

export interface ExportOptions {
  /** Most tree nodes drawn per run (html, pdf, dot); the rest are counted in a note. */
  maxNodes?: number
  /** Headless Chromium for PDF; defaults to CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string
  /** Prints the HTML report to PDF; the desktop app passes Electron's webContents.printToPDF here. */
  printToPdf?: (html: string) => Promise<Buffer>
  now?: Date
  /** The language of the HTML and PDF report's words; English when absent. */
  locale?: ReportLocale
}

export interface ExportedFile {
  /** A suggested name, e.g. `decoding-lab-exp-3.html`. */
  fileName: string
  /** Set for formats that give several files (csv: `nodes` and `sequences`). */
  part?: string
  mime: string
  data: Buffer
}

/**
 * Exports a run or an experiment. Every format gives one file except csv, which gives two:
 * part `nodes` (every tree node of every run) and part `sequences`.
 */
export async function exportTarget(
  db: Database,
  target: ExportTarget,
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<ExportedFile[]> {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES
  if (!Number.isInteger(maxNodes) || maxNodes < 1)
    throw new InputError(`maxNodes must be a whole number >= 1, got ${maxNodes}`)
  const report = await readReport(db, target, options.now)
  const base = 'runId' in target ? `decoding-lab-run-${target.runId}` : `decoding-lab-exp-${target.experimentId}`
  const sweep = 'experimentId' in target ? sweepFrontier(db, target.experimentId) : null
  return render(report, base, format, { ...options, maxNodes, frontier: sweep?.frontier }, sweep)
}

async function render(
  report: Report,
  base: string,
  format: ExportFormat,
  options: ExportOptions & { maxNodes: number } & Pick<HtmlOptions, 'frontier'>,
  sweep: SweepFrontier | null,
): Promise<ExportedFile[]> {
  switch (format) {
    case 'json':
      return [{ fileName: `${base}.json`, mime: 'application/json', data: Buffer.from(`${JSON.stringify(report)}\n`) }]
    case 'html':
      return [{ fileName: `${base}.html`, mime: 'text/html', data: Buffer.from(reportHtml(report, options)) }]
    case 'pdf': {
      const html = reportHtml(report, options)
      const data = await (options.printToPdf ? options.printToPdf(html) : chromiumPdf(html, options.chromiumPath))
      return [{ fileName: `${base}.pdf`, mime: 'application/pdf', data }]
    }
    case 'csv':
      return [
        { fileName: `${base}.nodes.csv`, part: 'nodes', mime: 'text/csv', data: Buffer.from(nodesCsv(report)) },
        {
          fileName: `${base}.sequences.csv`,
          part: 'sequences',
          mime: 'text/csv',
          data: Buffer.from(sequencesCsv(report)),
        },
        // A seeds sweep's experiment: its points' intervals and the matched comparison too.
        ...(sweep
          ? [
              {
                fileName: `${base}.intervals.csv`,
                part: 'intervals',
                mime: 'text/csv',
                data: Buffer.from(intervalsCsv(sweep.sweep.summary.strategy.name, sweep.intervals)),
              },
              ...(sweep.frontier.matched
                ? [
                    {
                      fileName: `${base}.matched.csv`,
                      part: 'matched',
                      mime: 'text/csv',
                      data: Buffer.from(matchedCsv(sweep.frontier.matched, sweep.frontier.x, sweep.frontier.y)),
                    },
                  ]
                : []),
            ]
          : []),
      ]
    case 'dot':
      return [{ fileName: `${base}.dot`, mime: 'text/vnd.graphviz', data: Buffer.from(reportDot(report, options)) }]
  }
}
