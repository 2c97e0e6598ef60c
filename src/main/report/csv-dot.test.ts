// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { textCell } from '../../core/report/csv'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { HOSTILE_TOKENS, writeHostileTable } from './testing/hostile-table'

const tempDir = useTempDir()

/** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i]
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') {
      quoted = true
    } else if (c === ',' || c === '\n') {
      row.push(field)
      field = ''
      if (c === '\n') {
        rows.push(row)
        row = []
      }
    } else {
      field += c
    }
  }
  expect(quoted, 'unterminated quote').toBe(false)
  expect(field, 'missing final newline').toBe('')
  return rows
}

function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text)
  for (const r of rows) expect(r).toHaveLength(header.length)
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
}

describe('CSV export', () => {
  it('writes nodes and sequences beside --out, and they parse back with every node', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const run = await json(
      'run',
      '--model',
      'seed-weather',
      '--strategy',
      'greedy',
      '--strategy',
      'beam:width=2',
      '--db',
      db,
    )
    const out = path.join(dir, 'weather.csv')
    const r = await json('export', `exp:${run.experimentId}`, '--format', 'csv', '--out', out, '--db', db)
    expect(r.files.map((f: { file: string; part: string }) => [f.part, f.file])).toEqual([
      ['nodes', path.join(dir, 'weather.nodes.csv')],
      ['sequences', path.join(dir, 'weather.sequences.csv')],
    ])
    expect(fs.existsSync(out)).toBe(false)
    const nodes = records(fs.readFileSync(path.join(dir, 'weather.nodes.csv'), 'utf8'))
    expect(nodes).toHaveLength(run.runs[0].treeNodes + run.runs[1].treeNodes)
    expect(nodes.filter((n) => n.run === '1')).toHaveLength(8)
    expect(nodes.find((n) => n.run === '1' && n.text === '气')).toMatchObject({
      strategy: 'greedy',
      parent_id: '1',
      prob: '0.9',
      status: 'chosen',
      depth: '2',
      expanded: 'true',
    })
    expect(nodes.find((n) => n.run === '2' && n.node_id === '0')).toMatchObject({
      strategy: 'beam:width=2,lengthPenalty=0',
      parent_id: '',
      token_id: '',
      text: '',
    })
    const sequences = records(fs.readFileSync(path.join(dir, 'weather.sequences.csv'), 'utf8'))
    expect(sequences.map((s) => [s.run, s.sequence, s.tokens, s.chain_rule])).toEqual([
      ['1', '1', '天 气 好 <end>', '0.6 × 0.9 × 0.8 × 1.0 = 0.432'],
      ['2', '1', '天 气 好 <end>', '0.6 × 0.9 × 0.8 × 1.0 = 0.432'],
      ['2', '2', '好 <end>', '0.4 × 1.0 = 0.4'],
    ])
    expect(Number(sequences[0].probability)).toBeCloseTo(0.432, 12)
  })

  it('writes hostile token text visibly and keeps formulas from running in a spreadsheet', async () => {
    const dir = tempDir()
    const model = path.join(dir, 'hostile.json')
    writeHostileTable(model)
    const db = path.join(dir, 'lab.sqlite')
    await json('run', '--model', model, '--strategy', 'greedy', '--db', db)
    await json('export', 'run:1', '--format', 'csv', '--out', path.join(dir, 'h.csv'), '--db', db)
    const nodes = records(fs.readFileSync(path.join(dir, 'h.nodes.csv'), 'utf8'))
    expect(nodes).toHaveLength(2 * HOSTILE_TOKENS.length + 2)
    expect(nodes.filter((n) => n.status === 'chosen').map((n) => n.text)).toEqual([
      '',
      ...HOSTILE_TOKENS.slice(0, 4),
      '\\u{202e}evil',
      'nul\\u{0}bell\\u{7}',
      'half\\u{fffd}',
      '</s>',
    ])
    expect(textCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(textCell('-1')).toBe("'-1")
    expect(textCell(' a,b')).toBe('" a,b"')
  })
})

describe('DOT export', () => {
  it('draws each run as a cluster with status colours, and notes a cut tree', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    await json('run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', db)
    const out = path.join(dir, 'tree.dot')
    expect((await cli('export', 'run:1', '--format', 'dot', '--out', out, '--db', db)).code).toBe(0)
    const dot = fs.readFileSync(out, 'utf8')
    expect(dot.startsWith('digraph decoding_lab {\n')).toBe(true)
    expect(dot).toContain('subgraph cluster_run1 {\n    label="run 1 greedy";')
    expect(dot.match(/^ {4}r1_n\d+ \[label=/gm)).toHaveLength(8)
    expect(dot).toContain('r1_n3 [label="气 0.9", fillcolor="#16a34a", tooltip="chosen"];')
    expect(dot).toContain('r1_n1 -> r1_n3 [color="#16a34a", penwidth=7.30];')
    expect(dot).not.toContain('left out')

    expect((await cli('export', 'run:1', '--format', 'dot', '--out', out, '--max-nodes', '3', '--db', db)).code).toBe(0)
    const cut = fs.readFileSync(out, 'utf8')
    expect(cut.match(/^ {4}r1_n\d+ \[label=/gm)).toHaveLength(5)
    expect(cut).toContain('label="3 of 8 nodes left out; the JSON export holds them all"')
  })

  it('escapes quotes and backslashes in labels and shows invisible characters', async () => {
    const dir = tempDir()
    const model = path.join(dir, 'hostile.json')
    writeHostileTable(model)
    const db = path.join(dir, 'lab.sqlite')
    await json('run', '--model', model, '--strategy', 'greedy', '--db', db)
    const out = path.join(dir, 'h.dot')
    await cli('export', 'run:1', '--format', 'dot', '--out', out, '--db', db)
    const dot = fs.readFileSync(out, 'utf8')
    expect(dot).toContain(`[label="\\"'&amp; 0.9"`)
    expect(dot).toContain('[label="\\\\u{202e}evil 0.9"')
    expect(dot).toContain('[label="nul\\\\u{0}bell\\\\u{7} 0.9"')
    // eslint-disable-next-line no-control-regex -- the raw characters must not reach the file
    expect(dot).not.toMatch(/[\u0000\u0007\u202e]/)
  })
})
