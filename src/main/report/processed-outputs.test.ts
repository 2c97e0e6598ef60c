// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../store/database'
import { json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { exportTarget } from './export-target'
import { importReport } from './import-report'

const tempDir = useTempDir()

/** One CSV line's cells (RFC 4180 quotes; no line breaks inside cells here). */
function cells(line: string): string[] {
  const out: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"'
      i++
    } else if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) {
      out.push(cell)
      cell = ''
    } else cell += ch
  }
  out.push(cell)
  return out
}

// greedy-trap's first step: the .55, a .45. sample:topK=1 keeps "the" alone (processedProb 1), "a" 0 by topK.
const SAMPLE = 'sample:topK=1,seed=3'

describe('processedProb and filteredBy in every output', () => {
  it('show --json gives them on every tree node: numbers for a sampling run, null for greedy', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const run = await json('run', '--model', 'greedy-trap', '--strategy', SAMPLE, '--strategy', 'greedy', '--db', db)
    const sampled = await json('show', String(run.runs[0].id), '--db', db)
    const first = sampled.tree.filter((n: { parent: number | null }) => n.parent === 0)
    expect(
      first.map((n: { text: string; processedProb: number; filteredBy: string | null }) => [
        n.text,
        n.processedProb,
        n.filteredBy,
      ]),
    ).toEqual([
      ['the', 1, null],
      ['a', 0, 'topK'],
    ])
    // The root is nobody's candidate: null, as every node of a greedy run.
    expect(sampled.tree[0]).toMatchObject({ processedProb: null, filteredBy: null })
    const greedy = await json('show', String(run.runs[1].id), '--db', db)
    for (const n of greedy.tree) expect([n.processedProb, n.filteredBy]).toEqual([null, null])
  })

  it('the CSV has processed_prob and filtered_by columns, empty where no chain ran', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const run = await json('run', '--model', 'greedy-trap', '--strategy', SAMPLE, '--strategy', 'greedy', '--db', db)
    await json('export', `exp:${run.experimentId}`, '--format', 'csv', '--out', path.join(dir, 'trap.csv'), '--db', db)
    const [header, ...rows] = fs.readFileSync(path.join(dir, 'trap.nodes.csv'), 'utf8').trim().split('\n').map(cells)
    const col = (name: string): number => header.indexOf(name)
    expect(col('processed_prob')).toBeGreaterThan(0)
    const a = rows.filter((r) => r[col('text')] === 'a' && r[col('depth')] === '1')
    expect(a.map((r) => [r[col('run')], r[col('processed_prob')], r[col('filtered_by')]])).toEqual([
      ['1', '0', 'topK'],
      ['2', '', ''],
    ])
  })

  it('a version 1 report, without them, still imports; a version 3 report round-trips them', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'a.sqlite')
    const run = await json('run', '--model', 'greedy-trap', '--strategy', SAMPLE, '--db', file)
    const a = openDatabase(file)
    const [exported] = await exportTarget(a, { experimentId: run.experimentId }, 'json', {
      now: new Date('2025-01-02T03:04:05.000Z'),
    })
    a.close()
    const report = JSON.parse(exported.data.toString('utf8'))
    expect(report.version).toBe(3)
    expect(report.runs[0].tree.find((n: { text: string }) => n.text === 'a')).toMatchObject({
      processedProb: 0,
      filteredBy: 'topK',
    })
    const v1 = {
      ...report,
      version: 1,
      runs: report.runs.map((r: { tree: Record<string, unknown>[] }) => ({
        ...r,
        tree: r.tree.map(
          ({ processedProb, filteredBy, sampler, ...n }: Record<string, unknown>) => (
            void [processedProb, filteredBy, sampler],
            n
          ),
        ),
      })),
    }
    const b = openDatabase(path.join(dir, 'b.sqlite'))
    expect(importReport(b, JSON.stringify(v1)).created).toBe(true)
    const c = openDatabase(path.join(dir, 'c.sqlite'))
    const again = importReport(c, exported.data.toString('utf8'))
    const [back] = await exportTarget(c, { experimentId: again.experimentId }, 'json', {
      now: new Date('2025-01-02T03:04:05.000Z'),
    })
    expect(back.data.toString('utf8')).toBe(exported.data.toString('utf8'))
    b.close()
    c.close()
  })
})
