// @vitest-environment node
import BetterSqlite3 from 'better-sqlite3'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../store/database'
import { getExperimentRuns } from '../store/runs-repo'
import { cli, json } from '../testing/run-cli'
import { writeSlowTable } from '../testing/slow-table'
import { useTempDir } from '../testing/temp-dir'

const CLI = path.resolve(__dirname, '../../../bin/decoding-lab.cjs')
const tempDir = useTempDir()

const SWEEP = [
  'sweep',
  '--model',
  'greedy-trap',
  '--strategy',
  'nucleus',
  '--grid',
  'p=0.5,0.7,0.9',
  '--grid',
  'temperature=0.7,1.0',
  '--samples',
  '20',
]

interface Cell {
  index: number
  values: Record<string, number>
  strategy: { name: string; params: Record<string, number> }
  runId: number
  status: string
  resumed: boolean
  sequences: number
  meanLogProb: number | null
}

describe('sweep', () => {
  it('runs one experiment with a run per cell, the first grid varying slowest, one seed for all, with progress and time left', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli(...SWEEP, '--db', db, '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.out)
    expect(out.total).toBe(6)
    expect(out.done).toBe(6)
    const cells: Cell[] = out.cells
    expect(cells.map((c) => c.values)).toEqual([
      { p: 0.5, temperature: 0.7 },
      { p: 0.5, temperature: 1 },
      { p: 0.7, temperature: 0.7 },
      { p: 0.7, temperature: 1 },
      { p: 0.9, temperature: 0.7 },
      { p: 0.9, temperature: 1 },
    ])
    const seed = cells[0].strategy.params.seed
    expect(cells.map((c) => c.strategy.params)).toEqual(cells.map((c) => ({ ...c.values, seed, samples: 20 })))
    expect(cells.every((c) => c.status === 'done' && !c.resumed && c.sequences === 20)).toBe(true)
    const store = openDatabase(db)
    const runs = getExperimentRuns(store, out.experimentId)
    store.close()
    expect(runs.map((x) => [x.position, x.id])).toEqual(cells.map((c) => [c.index, c.runId]))
    // Top-p 0.5 at temperature 0.7: p^(1/0.7) renormalised gives the 0.57, enough alone; after it
    // cat 0.43 needs dog 0.29 (before bird on the tie) to reach 0.5. So only these two texts.
    for (const s of runs[0].sequences) expect(['the cat', 'the dog']).toContain(s.text)
    const lines = r.err.trim().split('\n')
    expect(lines[0]).toBe(`sweep ${out.sweepId} (experiment ${out.experimentId}): 6 cells, 6 to run`)
    expect(lines.slice(1)).toHaveLength(6)
    expect(lines[1]).toMatch(
      /^\[1\/6\] cell 1 p=0\.5,temperature=0\.7: run \d+ done in [\d.]+ s; 5 left, about [\d.]+ s$/,
    )
    expect(lines[6]).toMatch(/^\[6\/6\] cell 6 p=0\.9,temperature=1: run \d+ done in [\d.]+ s$/)
  })

  it('resumes: asked again, it runs only the cells without a finished run, and the same cells give the same runs', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const first = await json(...SWEEP, '--db', db)
    const raw = new BetterSqlite3(db)
    raw.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = ?`).run(first.cells[1].runId)
    raw.prepare(`DELETE FROM runs WHERE id = ?`).run(first.cells[4].runId)
    raw.close()
    const r = await cli(...SWEEP, '--db', db, '--json')
    expect(r.code).toBe(0)
    expect(r.err.split('\n')[0]).toBe(
      `sweep ${first.sweepId} (experiment ${first.experimentId}): 6 cells, 4 done before, 2 to run`,
    )
    const second = JSON.parse(r.out)
    expect(second.sweepId).toBe(first.sweepId)
    expect(second.cells.map((c: Cell) => c.resumed)).toEqual([true, false, true, true, false, true])
    for (const i of [0, 2, 3, 5]) expect(second.cells[i].runId).toBe(first.cells[i].runId)
    for (const i of [1, 4]) expect(second.cells[i].runId).toBeGreaterThan(first.cells[5].runId)
    expect(second.cells.map((c: Cell) => c.meanLogProb)).toEqual(first.cells.map((c: Cell) => c.meanLogProb))
    const store = openDatabase(db)
    const runs = getExperimentRuns(store, first.experimentId)
    store.close()
    // The interrupted run was replaced, not kept beside its cell's new run.
    expect(runs.map((x) => x.position)).toEqual([0, 1, 2, 3, 4, 5])
    expect(runs.every((x) => x.status === 'done')).toBe(true)
    const third = await cli(...SWEEP, '--db', db)
    expect(third.code).toBe(0)
    expect(third.err).toBe(
      `sweep ${first.sweepId} (experiment ${first.experimentId}): 6 cells, 6 done before, 0 to run\n`,
    )
    expect(third.out).toMatch(/^2 +p=0\.5,temperature=1 +\d+ +done \(before\) +20 /m)
    // Another grid is another sweep.
    const other = await json(
      'sweep',
      '--model',
      'greedy-trap',
      '--strategy',
      'nucleus',
      '--grid',
      'p=0.5,0.7',
      '--samples',
      '20',
      '--db',
      db,
    )
    expect(other.sweepId).not.toBe(first.sweepId)
  })

  it('a sweep killed mid-cell resumes after it without repeating its finished cells', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const model = path.join(dir, 'slow.json')
    writeSlowTable(model)
    // Cells 1 and 2 finish at once; cell 3's exact search runs for minutes.
    const args = [CLI, 'sweep', '--model', model, '--strategy', 'exact', '--grid', 'budget=5,6,10000000', '--db', db]
    const runningCell = async (): Promise<{ id: number; position: number; owner: number | null }[]> => {
      const child = spawn(process.execPath, args, { stdio: 'ignore' })
      const exited = new Promise((resolve) => child.on('exit', resolve))
      const end = Date.now() + 30_000
      let rows: { id: number; position: number; status: string; owner: number | null }[] = []
      while (Date.now() < end) {
        if (fs.existsSync(db)) {
          const reader = new BetterSqlite3(db, { readonly: true, fileMustExist: true })
          try {
            rows = reader
              .prepare(`SELECT id, position, status, owner_pid AS owner FROM runs ORDER BY id`)
              .all() as typeof rows
          } catch {
            rows = []
          } finally {
            reader.close()
          }
          if (rows.some((r) => r.position === 2 && r.status === 'running' && r.owner === child.pid)) break
        }
        await new Promise((r) => setTimeout(r, 50))
      }
      child.kill('SIGKILL')
      await exited
      return rows.map(({ id, position, owner }) => ({ id, position, owner }))
    }
    const before = await runningCell()
    expect(before.map((r) => r.position)).toEqual([0, 1, 2])
    const after = await runningCell()
    // The finished cells kept their runs; only cell 3 started again, in the second process.
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2))
    expect(after.map((r) => r.position)).toEqual([0, 1, 2])
    expect(after[2].owner).not.toBe(before[2].owner)
  }, 90_000)

  it('--prompts FILE crosses the grid with one prompt per line (blank lines dropped), each prompt its own experiment; asked again, nothing runs', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const prompts = path.join(dir, 'prompts.txt')
    fs.writeFileSync(prompts, 'the\n\na\n')
    const args = [
      'sweep',
      '--model',
      'greedy-trap',
      '--prompts',
      prompts,
      '--strategy',
      'beam',
      '--grid',
      'width=1,2',
      '--db',
      db,
    ]
    const r = await cli(...args, '--json')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.out)
    expect(out).toMatchObject({ prompts: ['the', 'a'], total: 4, done: 4 })
    expect(out.sweeps.map((s: { prompt: string; experimentId: number }) => s.prompt)).toEqual(['the', 'a'])
    expect(out.sweeps[0].experimentId).not.toBe(out.sweeps[1].experimentId)
    // Width 1: after "the", P(cat </s>) = 0.4 × 1; after "a", 0.9 × 1.
    expect(out.sweeps.map((s: { cells: Cell[] }) => s.cells[0].meanLogProb)).toEqual(
      [Math.log(0.4), Math.log(0.9)].map((v) => expect.closeTo(v, 12)),
    )
    expect(r.err.split('\n')[0]).toBe(`sweep ${out.sweepId}: 2 cells × 2 prompts, 4 to run`)
    expect(r.err).toMatch(/^\[2\/4\] cell 1 prompt 2 width=1: run \d+ done/m)
    const again = await cli(...args)
    expect(again.err).toBe(`sweep ${out.sweepId}: 2 cells × 2 prompts, 4 done before, 0 to run\n`)
  })

  it.each([
    [
      'a prompt and a prompts file',
      [
        'sweep',
        '--model',
        'greedy-trap',
        '--prompt',
        'the',
        '--prompts',
        'p.txt',
        '--strategy',
        'beam',
        '--grid',
        'width=1',
      ],
      /give --prompt TEXT or --prompts FILE, not both/,
    ],
    ['no grid', ['sweep', '--model', 'greedy-trap', '--strategy', 'nucleus'], /at least one --grid/],
    [
      'two strategies',
      ['sweep', '--model', 'greedy-trap', '--strategy', 'nucleus', '--strategy', 'greedy', '--grid', 'p=0.5'],
      /give exactly one --strategy/,
    ],
    [
      'a bad value',
      ['sweep', '--model', 'greedy-trap', '--strategy', 'nucleus', '--grid', 'p=0.5,2'],
      /strategy "nucleus with p=2": p must be in \(0, 1\], got p = 2/,
    ],
    [
      'a malformed grid',
      ['sweep', '--model', 'greedy-trap', '--strategy', 'nucleus', '--grid', 'p:0.5'],
      /--grid "p:0\.5" is not KEY=V1,V2,…/,
    ],
    [
      'samples for beam',
      ['sweep', '--model', 'greedy-trap', '--strategy', 'beam', '--grid', 'width=1,2', '--samples', '3'],
      /strategy "beam with width=1": unknown parameter "samples"; beam takes width/,
    ],
  ])('refuses %s with exit 2, one line and no database', async (_, argv, message) => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli(...argv, '--db', db)
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1)
    expect(r.err).toMatch(message)
    expect(fs.existsSync(db)).toBe(false)
  })
})
