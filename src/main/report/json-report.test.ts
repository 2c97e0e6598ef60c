// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPORT_VERSION } from '../../core/report/json-schema'
import { withProcessed } from '../../core/report/processed-fields'
import { openDatabase, type Database } from '../store/database'
import { createExperiment } from '../store/experiments-repo'
import { createRun, finishRun, getExperimentRuns } from '../store/runs-repo'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { exportTarget } from './export-target'
import { importReport } from './import-report'

const tempDir = useTempDir()

function counts(db: Database): Record<string, number> {
  const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
  return { experiments: n('experiments'), runs: n('runs'), sequences: n('sequences'), tree_nodes: n('tree_nodes') }
}

async function seedWeather(dbFile: string): Promise<{ experimentId: number; runIds: number[] }> {
  const r = await json(
    'run',
    '--model',
    'seed-weather',
    '--strategy',
    'greedy',
    '--strategy',
    'beam:width=2',
    '--strategy',
    'nucleus:p=0.9,seed=7',
    '--db',
    dbFile,
  )
  return { experimentId: r.experimentId, runIds: r.runs.map((x: { id: number }) => x.id) }
}

async function exportJson(db: Database, target: { experimentId: number } | { runId: number }): Promise<string> {
  const [file] = await exportTarget(db, target, 'json', { now: new Date('2025-01-02T03:04:05.000Z') })
  return file.data.toString('utf8')
}

describe('JSON export and import', () => {
  it('round-trips seed-weather through a fresh database: the second export is identical, trees included', async () => {
    const dir = tempDir()
    const { experimentId } = await seedWeather(path.join(dir, 'a.sqlite'))
    const a = openDatabase(path.join(dir, 'a.sqlite'))
    const first = await exportJson(a, { experimentId })
    a.close()
    const report = JSON.parse(first)
    expect(report).toMatchObject({
      format: 'decoding-lab/report',
      version: 3,
      scope: 'experiment',
      app: { name: 'decoding-lab', version: '0.1.0' },
    })
    expect(report.experiment).toMatchObject({
      modelId: 'seed-weather',
      modelKind: 'table',
      vocabSize: 5,
      prompt: '',
      maxTokens: 32,
      topN: 10,
    })
    expect(report.experiment.modelSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(report.runs.map((r: { strategy: { name: string } }) => r.strategy.name)).toEqual([
      'greedy',
      'beam',
      'nucleus',
    ])
    expect(report.runs[0].sequences[0].probability).toBeCloseTo(0.432, 12)
    expect(report.runs[0].tree).toHaveLength(8)

    const b = openDatabase(path.join(dir, 'b.sqlite'))
    const imported = importReport(b, first)
    expect(imported.created).toBe(true)
    expect(imported.runIds).toHaveLength(3)
    const second = await exportJson(b, { experimentId: imported.experimentId })
    expect(second).toBe(first)
    // A report writes processedProb and filteredBy on every node, null where no chain ran.
    expect(getExperimentRuns(b, imported.experimentId).map((r) => r.tree.map(withProcessed))).toEqual(
      report.runs.map((r: { tree: unknown }) => r.tree),
    )
    b.close()
  })

  it("keeps a run's load options (--context-size) in its provenance through the round trip", async () => {
    const dir = tempDir()
    const r = await json(
      'run',
      '--model',
      'tang-poems',
      '--prompt',
      '春',
      '--strategy',
      'greedy',
      '--max-tokens',
      '3',
      '--context-size',
      '8',
      '--db',
      path.join(dir, 'a.sqlite'),
    )
    const a = openDatabase(path.join(dir, 'a.sqlite'))
    const first = await exportJson(a, { experimentId: r.experimentId })
    a.close()
    expect(JSON.parse(first).runs[0].provenance.modelOptions).toEqual({ contextSize: 8 })
    const b = openDatabase(path.join(dir, 'b.sqlite'))
    const imported = importReport(b, first)
    expect(await exportJson(b, { experimentId: imported.experimentId })).toBe(first)
    b.close()
  }, 60_000)

  it('adds nothing on a second import, or on importing into the database it came from', async () => {
    const dir = tempDir()
    const { experimentId } = await seedWeather(path.join(dir, 'a.sqlite'))
    const a = openDatabase(path.join(dir, 'a.sqlite'))
    const text = await exportJson(a, { experimentId })
    const before = counts(a)
    expect(importReport(a, text)).toEqual({ experimentId, created: false, runIds: [] })
    expect(counts(a)).toEqual(before)
    a.close()

    const b = openDatabase(path.join(dir, 'b.sqlite'))
    const once = importReport(b, text)
    const after = counts(b)
    // beam of width 2 returns two sequences
    expect(after).toEqual({ experiments: 1, runs: 3, sequences: 4, tree_nodes: before.tree_nodes })
    expect(before.sequences).toBe(4)
    expect(importReport(b, text)).toEqual({ experimentId: once.experimentId, created: false, runIds: [] })
    expect(counts(b)).toEqual(after)
    b.close()
  })

  it('imports one run, then adds only the missing runs from the whole experiment', async () => {
    const dir = tempDir()
    const { experimentId, runIds } = await seedWeather(path.join(dir, 'a.sqlite'))
    const a = openDatabase(path.join(dir, 'a.sqlite'))
    const one = await exportJson(a, { runId: runIds[1] })
    const all = await exportJson(a, { experimentId })
    a.close()
    expect(JSON.parse(one).scope).toBe('run')
    const b = openDatabase(path.join(dir, 'b.sqlite'))
    const first = importReport(b, one)
    expect(first.runIds).toHaveLength(1)
    expect(getExperimentRuns(b, first.experimentId).map((r) => r.strategy.name)).toEqual(['beam'])
    const rest = importReport(b, all)
    expect(rest).toMatchObject({ experimentId: first.experimentId, created: false })
    expect(rest.runIds).toHaveLength(2)
    expect(getExperimentRuns(b, first.experimentId).map((r) => r.strategy.name)).toEqual(['greedy', 'beam', 'nucleus'])
    b.close()
  })

  it('keeps an impossible prefix (P = 0, log-prob -Infinity) through the round trip as null in JSON', async () => {
    const a = openDatabase(':memory:')
    const exp = createExperiment(a, {
      modelId: '/nowhere/model.json',
      modelKind: 'table',
      vocabSize: 3,
      prompt: '',
      promptTokens: [],
      maxTokens: 2,
      topN: 2,
    })
    const run = createRun(a, exp, 0, { name: 'greedy', params: {} })
    const root = {
      id: 0,
      parent: null,
      tokenId: null,
      text: '',
      prob: 1,
      logProb: 0,
      depth: 0,
      rank: 0,
      status: 'chosen' as const,
      expanded: true,
      otherMass: 0,
      entropy: 0,
      partial: false,
    }
    const zero = {
      ...root,
      id: 1,
      parent: 0,
      tokenId: 1,
      text: 'never',
      prob: 0,
      logProb: -Infinity,
      depth: 1,
      rank: 1,
      status: 'candidate' as const,
      expanded: false,
      otherMass: null,
      entropy: null,
    }
    finishRun(a, run, { status: 'done', elapsedMs: 1, tree: [root, zero] })
    const text = await exportJson(a, { experimentId: exp })
    const report = JSON.parse(text)
    expect(report.experiment.modelSha256).toBeNull()
    expect(report.runs[0].tree[1].logProb).toBeNull()
    const b = openDatabase(':memory:')
    const { experimentId } = importReport(b, text)
    expect(getExperimentRuns(b, experimentId)[0].tree[1].logProb).toBe(-Infinity)
    expect(await exportJson(b, { experimentId })).toBe(text)
    a.close()
    b.close()
  })
})

describe('a bad report is refused and the database is left as it was', () => {
  async function exported(): Promise<{ report: any; db: Database }> {
    const dir = tempDir()
    const { experimentId } = await seedWeather(path.join(dir, 'a.sqlite'))
    const db = openDatabase(path.join(dir, 'a.sqlite'))
    const report = JSON.parse(await exportJson(db, { experimentId }))
    db.close()
    return { report, db: openDatabase(':memory:') }
  }

  const cases: [string, (r: any) => unknown, RegExp][] = [
    [
      'newer version',
      (r) => ({ ...r, version: REPORT_VERSION + 1 }),
      /written by a newer Decoding Lab \(report version 4; this version reads up to 3\); update Decoding Lab/,
    ],
    [
      'not a report',
      () => ({ format: 'decoding-lab/table@1' }),
      /is not a Decoding Lab report \(expected "format": "decoding-lab\/report"\)/,
    ],
    [
      'dangling parent',
      (r) => ((r.runs[2].tree[3].parent = 99), r),
      /\$\.runs\[2\]\.tree\[3\]\.parent: parent 99 is not a node of this tree/,
    ],
    [
      'probability above 1',
      (r) => ((r.runs[1].tree[1].prob = 1.5), r),
      /\$\.runs\[1\]\.tree\[1\]\.prob: probability must be in \[0, 1\]/,
    ],
    ['missing field', (r) => (delete r.experiment.prompt, r), /\$\.experiment\.prompt: missing field/],
    [
      'bad strategy parameter',
      (r) => ((r.runs[1].strategy.params.width = 0), r),
      /\$\.runs\[1\]\.strategy: strategy "beam": width must be >= 1/,
    ],
    ['sampling run without its seed', (r) => (delete r.runs[2].strategy.params.seed, r), /nucleus needs its seed/],
  ]
  for (const [name, spoil, message] of cases) {
    it(name, async () => {
      const { report, db } = await exported()
      const text = JSON.stringify(spoil(report))
      expect(() => importReport(db, text)).toThrow(message)
      expect(counts(db)).toEqual({ experiments: 0, runs: 0, sequences: 0, tree_nodes: 0 })
      db.close()
    })
  }

  it('rolls back a half-done import when the database refuses a row', async () => {
    const { report, db } = await exported()
    // The database refuses the sequences of the second run, after the experiment and the first run went in.
    db.exec(
      `CREATE TRIGGER refuse BEFORE INSERT ON sequences WHEN NEW.run_id > 2 BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    )
    expect(() => importReport(db, JSON.stringify(report))).toThrow(/disk full/)
    expect(counts(db)).toEqual({ experiments: 0, runs: 0, sequences: 0, tree_nodes: 0 })
    db.close()
  })
})

describe('export and import on the command line', () => {
  it('exports an experiment to JSON and imports it into another database', async () => {
    const dir = tempDir()
    const { experimentId } = await seedWeather(path.join(dir, 'a.sqlite'))
    const out = path.join(dir, 'weather.json')
    const r = await cli(
      'export',
      `exp:${experimentId}`,
      '--format',
      'json',
      '--out',
      out,
      '--db',
      path.join(dir, 'a.sqlite'),
    )
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toBe(`wrote ${out} (${fs.statSync(out).size} bytes)\n`)
    const imported = await json('import', out, '--db', path.join(dir, 'b.sqlite'))
    expect(imported).toMatchObject({ experimentId: 1, created: true, runIds: [1, 2, 3] })
    const again = await cli('import', out, '--db', path.join(dir, 'b.sqlite'))
    expect(again).toEqual({
      code: 0,
      out: `experiment 1 is already here with all the runs in ${out}; nothing imported\n`,
      err: '',
    })
    const runs = await json('runs', '--db', path.join(dir, 'b.sqlite'))
    expect(runs.runs).toHaveLength(3)
  })

  const bad: [string, string[], RegExp][] = [
    [
      'bare number',
      ['export', '3', '--format', 'json', '--out', '@OUT'],
      /say what to export as run:ID or exp:ID \(e\.g\. run:12, exp:3\), got "3"/,
    ],
    [
      'unknown format',
      ['export', 'exp:1', '--format', 'xml', '--out', '@OUT'],
      /--format must be one of html, pdf, json, csv, dot, got "xml"/,
    ],
    ['missing --out', ['export', 'exp:1', '--format', 'json'], /export: --out is required/],
    [
      '--max-nodes with json',
      ['export', 'exp:1', '--format', 'json', '--out', '@OUT', '--max-nodes', '5'],
      /--max-nodes applies to html, pdf, dot; json always holds every node/,
    ],
    [
      '--max-nodes of 0',
      ['export', 'exp:1', '--format', 'dot', '--out', '@OUT', '--max-nodes', '0'],
      /--max-nodes must be a whole number >= 1, got "0"/,
    ],
    [
      'unknown experiment',
      ['export', 'exp:99', '--format', 'json', '--out', '@OUT'],
      /no experiment 99 in the database/,
    ],
    ['unknown run', ['export', 'run:99', '--format', 'json', '--out', '@OUT'], /no run 99 in the database/],
    [
      'missing folder',
      ['export', 'exp:1', '--format', 'json', '--out', '@NOFOLDER'],
      /the folder .*nofolder does not exist/,
    ],
    ['missing import file', ['import', '@MISSING'], /cannot read .*missing\.json \(ENOENT\)/],
    ['import of text that is not JSON', ['import', '@TEXT'], /notes\.txt is not JSON/],
  ]
  for (const [name, argv, message] of bad) {
    it(`${name}: exit 2, one line, no file written`, async () => {
      const dir = tempDir()
      const db = path.join(dir, 'lab.sqlite')
      await seedWeather(db)
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello')
      const files: Record<string, string> = {
        '@OUT': path.join(dir, 'out.json'),
        '@NOFOLDER': path.join(dir, 'nofolder', 'out.json'),
        '@MISSING': path.join(dir, 'missing.json'),
        '@TEXT': path.join(dir, 'notes.txt'),
      }
      const r = await cli(...argv.map((a) => files[a] ?? a), '--db', db)
      expect(r.code).toBe(2)
      expect(r.out).toBe('')
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1)
      expect(r.err).toMatch(message)
      expect(fs.existsSync(files['@OUT'])).toBe(false)
    })
  }
})
