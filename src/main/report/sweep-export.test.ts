// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

/** The text of every cell of the table with this class, row by row. */
function tableCells(html: string, className: string): string[][] {
  const body = new RegExp(`<table class="${className}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]),
  )
}

describe('export of a seeds sweep’s experiment', () => {
  it('puts the frontier, its points’ intervals and the matched table into the HTML report and the CSV', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const out = await json(
      'sweep',
      '--model',
      'greedy-trap',
      '--strategy',
      'nucleus',
      '--grid',
      'p=0.3,0.6,0.95',
      '--seeds',
      '3',
      '--samples',
      '4',
      '--db',
      db,
    )
    const html = path.join(dir, 'r.html')
    await json('export', `exp:${out.experimentId}`, '--format', 'html', '--out', html, '--db', db)
    const text = fs.readFileSync(html, 'utf8')
    const svg = /<svg[^>]*class="chart frontier"[\s\S]*?<\/svg>/.exec(text)?.[0] ?? ''
    // One family (nucleus along p): one polyline, three points with two interval bars each.
    expect(svg.match(/<polyline /g)).toHaveLength(1)
    expect(svg.match(/<circle /g)).toHaveLength(3)
    expect(svg.match(/<line class="interval"/g)).toHaveLength(6)
    // The points' table carries the sweep's own intervals (the same seeded bootstrap as `sweep --json`), digit for digit.
    const points = tableCells(text, 'frontier-points')
    const fmt = (m: { mean: number; low: number; high: number }) => [m.mean, m.low, m.high].map(String)
    expect(points).toEqual(
      out.intervals.points.map(
        (p: { values: { p: number }; metrics: Record<string, { mean: number; low: number; high: number }> }) => [
          'nucleus',
          `p = ${p.values.p}`,
          ...fmt(p.metrics.selfBleu4),
          ...fmt(p.metrics.meanLogProb),
        ],
      ),
    )
    expect(text).toContain('Interpolation: linear between the two neighbouring points')
    const matched = tableCells(text, 'matched')
    expect(matched).toHaveLength(1)
    // By hand: the level is halfway across the measured Self-BLEU-4; in p order the first segment
    // bracketing it is p 0.3 → 0.6, and y, its bounds and p are read linearly in x there.
    const xs = points.map((r) => Number(r[2]))
    const level = (Math.min(...xs) + Math.max(...xs)) / 2
    const [a, b] = [points[0].map(Number), points[1].map(Number)]
    expect(b[2] < level && level < a[2]).toBe(true)
    const t = (level - a[2]) / (b[2] - a[2])
    const want = [0.3 + t * (0.6 - 0.3), a[5] + t * (b[5] - a[5]), a[6] + t * (b[6] - a[6]), a[7] + t * (b[7] - a[7])]
    matched[0].slice(2, 6).forEach((v, i) => expect(Number(v)).toBeCloseTo(want[i], 12))
    expect(text).toContain(`Matched comparison at selfBleu4 = ${level}`)

    const csv = path.join(dir, 'r.csv')
    const files = await json('export', `exp:${out.experimentId}`, '--format', 'csv', '--out', csv, '--db', db)
    expect(files.files.map((f: { part: string }) => f.part)).toEqual(['nodes', 'sequences', 'intervals', 'matched'])
    const matchedLines = fs.readFileSync(path.join(dir, 'r.matched.csv'), 'utf8').trim().split('\n')
    // The CSV's matched row holds the same numbers as the report's table.
    const row = matchedLines[1].split(',')
    expect(row.slice(0, 2)).toEqual(['nucleus', 'p'])
    expect([row[2], row[4], row[5], row[6]]).toEqual(matched[0].slice(2, 6).map((v) => (v === '-' ? '' : v)))
    const intervals = fs.readFileSync(path.join(dir, 'r.intervals.csv'), 'utf8').trim().split('\n')
    expect(intervals).toHaveLength(4)
    // A run's own report (no sweep around it in scope) has no frontier.
    const runHtml = path.join(dir, 'run.html')
    await json('export', `run:${out.cells[0].runId}`, '--format', 'html', '--out', runHtml, '--db', db)
    expect(fs.readFileSync(runHtml, 'utf8')).not.toContain('chart frontier')
  })
})
