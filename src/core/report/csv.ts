import { chainRule } from '../format'
import { formatStrategy } from '../strategy-spec'
import { visible } from './escape'
import { visibleToken } from './visible-token'
import type { Report } from './json-schema'

/**
 * CSV for spreadsheets and pandas (RFC 4180, UTF-8, `\n` line ends). Token text is written with
 * invisible characters as `\u{…}` escapes, and a text cell that a spreadsheet would read as a
 * formula (leading = + - @) gets a leading apostrophe; the JSON export keeps the exact text.
 * Missing values are empty cells; log(0) is `-inf`, which pandas reads as a float.
 */

type Cell = string | number | boolean | null

function numberCell(v: number): string {
  if (Number.isFinite(v)) return String(v)
  return Number.isNaN(v) ? '' : v > 0 ? 'inf' : '-inf'
}

function quote(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A cell of text from a model or a user: visible, formula-safe, quoted when needed. */
export function textCell(text: string): string {
  const shown = visible(text)
  return quote(/^[=+\-@]/.test(shown) ? `'${shown}` : shown)
}

function cell(v: Cell): string {
  if (v === null) return ''
  if (typeof v === 'number') return numberCell(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return quote(v)
}

function lines(header: string[], rows: string[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n'
}

export const NODE_COLUMNS = [
  'run',
  'strategy',
  'node_id',
  'parent_id',
  'token_id',
  'text',
  'prob',
  'log_prob',
  'depth',
  'rank',
  'status',
  'expanded',
  'other_mass',
  'entropy',
  'partial',
  'processed_prob',
  'filtered_by',
  'mirostat_mu',
  'adaptive_target',
  'applied_temperature',
  'xtc_draw',
]

/** Every tree node of every run, one row each. */
export function nodesCsv(report: Report): string {
  const rows = report.runs.flatMap((run) => {
    const strategy = cell(formatStrategy(run.strategy))
    return run.tree.map((n) => [
      cell(run.position + 1),
      strategy,
      cell(n.id),
      cell(n.parent),
      cell(n.tokenId),
      textCell(n.text),
      cell(n.prob),
      cell(n.logProb),
      cell(n.depth),
      cell(n.rank),
      cell(n.status),
      cell(n.expanded),
      cell(n.otherMass),
      cell(n.entropy),
      cell(n.partial),
      cell(n.processedProb ?? null),
      cell(n.filteredBy ?? null),
      cell(n.sampler?.mirostatMu ?? null),
      cell(n.sampler?.adaptiveTarget ?? null),
      cell(n.sampler?.temperature ?? null),
      cell(n.sampler?.xtcDraw ?? null),
    ])
  })
  return lines(NODE_COLUMNS, rows)
}

export const SEQUENCE_COLUMNS = [
  'run',
  'strategy',
  'sequence',
  'text',
  'tokens',
  'token_ids',
  'probability',
  'log_prob',
  'perplexity',
  'length',
  'finished',
  'node_id',
  'chain_rule',
]

/** Every returned sequence of every run; `tokens` holds the tokens as the app shows them (⏎, ␣, \u{…}) joined by spaces. */
export function sequencesCsv(report: Report): string {
  const rows = report.runs.flatMap((run) =>
    run.sequences.map((s, i) => [
      cell(run.position + 1),
      cell(formatStrategy(run.strategy)),
      cell(i + 1),
      textCell(s.text),
      textCell(s.tokens.map(visibleToken).join(' ')),
      cell(s.tokenIds.join(' ')),
      cell(s.probability),
      cell(s.logProb),
      s.steps.length ? cell(Math.exp(-s.logProb / s.steps.length)) : '',
      cell(s.steps.length),
      cell(s.finished),
      cell(s.nodeId),
      cell(chainRule(s)),
    ]),
  )
  return lines(SEQUENCE_COLUMNS, rows)
}
