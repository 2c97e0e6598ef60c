// @vitest-environment node
import BetterSqlite3 from 'better-sqlite3'
import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { expect, it } from 'vitest'
import { openDatabase } from '../store/database'
import { getRun, listRuns } from '../store/runs-repo'
import { writeSlowTable } from '../testing/slow-table'
import { useTempDir } from '../testing/temp-dir'

const CLI = path.resolve(__dirname, '../../../bin/decoding-lab.cjs')
const tempDir = useTempDir()

async function waitFor<T>(probe: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

it('a child process killed mid-run leaves a valid database, the run interrupted and earlier runs intact', async () => {
  const dir = tempDir()
  const db = path.join(dir, 'lab.sqlite')
  const model = path.join(dir, 'slow.json')
  writeSlowTable(model)
  execFileSync(process.execPath, [CLI, 'run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', db, '--json'])

  const child = spawn(
    process.execPath,
    [CLI, 'run', '--model', model, '--strategy', 'exact:budget=10000000', '--db', db],
    { stdio: 'ignore' },
  )
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const reader = new BetterSqlite3(db, { readonly: true })
  const runId = await waitFor(
    () => (reader.prepare(`SELECT id FROM runs WHERE status = 'running'`).get() as { id: number } | undefined)?.id,
    20_000,
  )
  reader.close()
  child.kill('SIGKILL')
  await exited

  const after = openDatabase(db)
  try {
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(getRun(after, runId)?.status).toBe('interrupted')
    const earlier = listRuns(after).find((r) => r.id !== runId)
    expect(earlier?.status).toBe('done')
    expect(getRun(after, earlier?.id ?? 0)?.sequences[0].probability).toBeCloseTo(0.432, 12)
  } finally {
    after.close()
  }
}, 60_000)
