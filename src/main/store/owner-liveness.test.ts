// @vitest-environment node
import BetterSqlite3 from 'better-sqlite3'
import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSlowTable } from '../testing/slow-table'
import { useTempDir } from '../testing/temp-dir'
import { markInterrupted, openDatabase } from './database'
import { createExperiment } from './experiments-repo'
import { currentOwner, readBootId, readProcessStat } from './owner-liveness'
import { createRun, getRun } from './runs-repo'

const CLI = path.resolve(__dirname, '../../../bin/decoding-lab.cjs')
const tempDir = useTempDir()

async function waitFor<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const running = (
  db: BetterSqlite3.Database,
): { id: number; owner_pid: number; owner_started: number; owner_boot: string } | undefined =>
  db.prepare(`SELECT id, owner_pid, owner_started, owner_boot FROM runs WHERE status = 'running'`).get() as never

describe('whether a run’s owner is alive', () => {
  it('reads this process’s start time and the boot id from /proc', () => {
    const owner = currentOwner()
    expect(owner.pid).toBe(process.pid)
    expect(owner.started).toBe(readProcessStat(process.pid)?.started)
    expect(owner.started).toBeGreaterThan(0)
    expect(owner.boot).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(readProcessStat(process.pid)?.state).toMatch(/^[RS]$/)
  })

  it('marks the run of an owner that died and stays a zombie (its parent never reaps it) interrupted', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'lab.sqlite')
    const model = path.join(dir, 'slow.json')
    writeSlowTable(model)
    openDatabase(file).close()
    // `exec sleep` replaces the shell, so the CLI's parent is a process that never waits for it.
    const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
    const run = [process.execPath, CLI, 'run', '--model', model, '--strategy', 'exact:budget=10000000', '--db', file]
      .map(quote)
      .join(' ')
    const parent = spawn('sh', ['-c', `${run} >/dev/null 2>&1 & exec sleep 60`], { stdio: 'ignore' })
    try {
      const reader = new BetterSqlite3(file, { readonly: true })
      const row = await waitFor(() => running(reader), 30_000, 'the run to start')
      reader.close()
      expect(row.owner_pid).not.toBe(process.pid)
      expect(row.owner_started).toBe(readProcessStat(row.owner_pid)?.started)
      expect(row.owner_boot).toBe(readBootId())

      // Alive, it is left running.
      const before = openDatabase(file)
      expect(getRun(before, row.id)?.status).toBe('running')
      before.close()

      process.kill(row.owner_pid, 'SIGKILL')
      await waitFor(
        () => (readProcessStat(row.owner_pid)?.state === 'Z' ? true : undefined),
        10_000,
        'the owner to become a zombie',
      )
      expect(readProcessStat(row.owner_pid)?.state).toBe('Z')
      // What the old liveness test saw: a zombie still answers signal 0.
      expect(() => process.kill(row.owner_pid, 0)).not.toThrow()

      const after = openDatabase(file)
      try {
        expect(getRun(after, row.id)).toMatchObject({
          status: 'interrupted',
          error: 'the process decoding this run stopped before it finished',
        })
        expect(after.pragma('integrity_check', { simple: true })).toBe('ok')
      } finally {
        after.close()
      }
    } finally {
      parent.kill('SIGKILL')
    }
  }, 60_000)

  it('marks a run whose pid now belongs to another process (another start time, or another boot) interrupted', () => {
    const db = openDatabase(':memory:')
    const exp = createExperiment(db, {
      modelId: 'm',
      modelKind: 'table',
      vocabSize: 5,
      prompt: '',
      promptTokens: [],
      maxTokens: 2,
      topN: 10,
    })
    const ours = createRun(db, exp, 0, { name: 'greedy', params: {} })
    const reusedPid = createRun(db, exp, 1, { name: 'greedy', params: {} })
    const beforeReboot = createRun(db, exp, 2, { name: 'greedy', params: {} })
    const fromOlderVersion = createRun(db, exp, 3, { name: 'greedy', params: {} })
    const me = currentOwner()
    expect(db.prepare('SELECT owner_pid, owner_started, owner_boot FROM runs WHERE id = ?').get(ours)).toEqual({
      owner_pid: me.pid,
      owner_started: me.started,
      owner_boot: me.boot,
    })
    db.prepare('UPDATE runs SET owner_started = owner_started + 1 WHERE id = ?').run(reusedPid)
    db.prepare(`UPDATE runs SET owner_boot = '00000000-0000-0000-0000-000000000000' WHERE id = ?`).run(beforeReboot)
    db.prepare('UPDATE runs SET owner_started = NULL, owner_boot = NULL WHERE id = ?').run(fromOlderVersion)
    expect(markInterrupted(db)).toBe(2)
    expect([ours, reusedPid, beforeReboot, fromOlderVersion].map((id) => getRun(db, id)?.status)).toEqual([
      'running',
      'interrupted',
      'interrupted',
      'running',
    ])
    db.close()
  })
})
