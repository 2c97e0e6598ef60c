// @vitest-environment node
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_REPORT_BYTES } from '../../core/contract'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()
const HINT = 'pass a JSON report made with: export exp:ID --format json'

/** A real export of greedy on seed-weather, parsed, and the database it came from. */
async function weatherReport(
  dir: string,
): Promise<{ file: string; report: { runs: { tree: { id: number; parent: number | null; depth: number }[] }[] } }> {
  const db = path.join(dir, 'a.sqlite')
  await json('run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', db)
  const file = path.join(dir, 'weather.json')
  expect((await cli('export', 'exp:1', '--format', 'json', '--out', file, '--db', db)).code).toBe(0)
  return { file, report: JSON.parse(fs.readFileSync(file, 'utf8')) }
}

async function importInto(dir: string, file: string): Promise<{ code: number; out: string; err: string }> {
  return cli('import', file, '--db', path.join(dir, 'b.sqlite'))
}

describe('import refuses what is not a report file, before reading it', () => {
  it('a device that never ends (/dev/zero)', async () => {
    const r = await importInto(tempDir(), '/dev/zero')
    expect(r).toEqual({ code: 2, out: '', err: `error: import: /dev/zero is a device, not a file; ${HINT}\n` })
  })

  it('a folder', async () => {
    const dir = tempDir()
    const r = await importInto(dir, dir)
    expect(r).toEqual({ code: 2, out: '', err: `error: import: ${dir} is a folder, not a file; ${HINT}\n` })
  })

  it('a named pipe nobody writes to (it would block for ever)', async () => {
    const dir = tempDir()
    const fifo = path.join(dir, 'pipe.json')
    execFileSync('mkfifo', [fifo])
    const r = await importInto(dir, fifo)
    expect(r).toEqual({ code: 2, out: '', err: `error: import: ${fifo} is a pipe, not a file; ${HINT}\n` })
  })

  it('a file larger than any report (sparse: no bytes are written)', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'huge.json')
    fs.closeSync(fs.openSync(file, 'w'))
    fs.truncateSync(file, 2 ** 40)
    const r = await importInto(dir, file)
    expect(r).toEqual({
      code: 2,
      out: '',
      err: `error: import: ${file} is 1099512 MB, more than a report may be (${MAX_REPORT_BYTES / 1e6} MB); export its runs one at a time (export run:ID)\n`,
    })
  })
})

describe('import of valid reports that were wrongly refused or misreported', () => {
  it('accepts a report saved with a UTF-8 byte-order mark', async () => {
    const dir = tempDir()
    const { file } = await weatherReport(dir)
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fs.readFileSync(file)]))
    expect(await importInto(dir, file)).toEqual({ code: 0, out: 'imported experiment 1: run 1\n', err: '' })
  })

  it('says that a report without runs has nothing to import, and stores nothing', async () => {
    const dir = tempDir()
    const { file, report } = await weatherReport(dir)
    fs.writeFileSync(file, JSON.stringify({ ...report, runs: [] }))
    expect(await importInto(dir, file)).toEqual({
      code: 2,
      out: '',
      err: `error: ${file} holds no runs; nothing was imported\n`,
    })
    expect((await json('runs', '--db', path.join(dir, 'b.sqlite'))).runs).toEqual([])
  })
})

describe('import names the type it expected where a field is present but wrong', () => {
  it.each([
    [
      'a number for the prompt',
      (r: Record<string, Record<string, unknown>>) => (r.experiment.prompt = 5),
      '$.experiment.prompt: must be a string, got the number 5',
    ],
    [
      'a string for max tokens',
      (r: Record<string, Record<string, unknown>>) => (r.experiment.maxTokens = 'NaN'),
      '$.experiment.maxTokens: must be a number, got a string ("NaN")',
    ],
  ])('%s', async (_name, spoil, line) => {
    const dir = tempDir()
    const { file, report } = await weatherReport(dir)
    spoil(report as never)
    fs.writeFileSync(file, JSON.stringify(report))
    expect(await importInto(dir, file)).toEqual({
      code: 2,
      out: '',
      err: `error: ${file} is not a valid report: ${line}\n`,
    })
  })
})

describe('import refuses trees that would break show and export', () => {
  type Node = { id: number; parent: number | null; depth: number }
  const cases: [string, (tree: Node[]) => void, string][] = [
    ['a self-parent', (t) => (t[2].parent = t[2].id), `$.runs[0].tree[2].parent: node ${2} is its own parent`],
    [
      'a cycle between two nodes',
      (t) => {
        t[3].parent = t[4].id
        t[4].parent = t[3].id
      },
      "$.runs[0].tree[3].depth: node 3 has depth 2 but its parent 4 has depth 2 (a tree's depths grow by one from the root; this one is broken or has a cycle)",
    ],
    [
      'a depth of 1e9',
      (t) => (t[1].depth = 1e9),
      "$.runs[0].tree[1].depth: node 1 has depth 1000000000 but its parent 0 has depth 0 (a tree's depths grow by one from the root; this one is broken or has a cycle)",
    ],
    ['a root below depth 0', (t) => (t[0].depth = 5), '$.runs[0].tree[0].depth: the root (node 0) has depth 5, not 0'],
  ]
  it.each(cases)('%s', async (_name, damage, line) => {
    const dir = tempDir()
    const { file, report } = await weatherReport(dir)
    damage(report.runs[0].tree)
    fs.writeFileSync(file, JSON.stringify(report))
    expect(await importInto(dir, file)).toEqual({
      code: 2,
      out: '',
      err: `error: ${file} is not a valid report: ${line}\n`,
    })
    expect((await json('runs', '--db', path.join(dir, 'b.sqlite'))).runs).toEqual([])
  })
})
