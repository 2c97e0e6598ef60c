import BetterSqlite3, { type Database } from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { InputError } from '../../core/errors'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'

export type { Database }

/**
 * Opens (creating if needed) a Decoding Lab database: WAL mode, pending migrations in one
 * transaction, and runs left `running` by a process that is gone marked `interrupted`.
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  let db: Database
  try {
    db = new BetterSqlite3(file, electronBinding())
    db.pragma('journal_mode = WAL')
  } catch (err) {
    throw notADatabase(file, err)
  }
  try {
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL')
    migrate(db, file)
    markInterrupted(db)
    return db
  } catch (err) {
    db.close()
    if (err instanceof InputError) throw err
    throw notADatabase(file, err)
  }
}

/** Inside Electron, the Electron-ABI build of better-sqlite3 that `npm start` prepared (see scripts/electron-native.cjs). */
function electronBinding(): { nativeBinding?: string } {
  const binding = process.env.DECODING_LAB_SQLITE_BINDING
  return process.versions.electron && binding ? { nativeBinding: binding } : {}
}

function notADatabase(file: string, err: unknown): InputError {
  const reason = err instanceof Error ? err.message : String(err)
  return new InputError(`${file} is not a usable Decoding Lab database (${reason}); move it aside or pass another --db`)
}

export function migrate(db: Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > LATEST_SCHEMA_VERSION) {
    throw new InputError(
      `${file} was written by a newer Decoding Lab (schema version ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}); update Decoding Lab or pass another --db`,
    )
  }
  if (version === LATEST_SCHEMA_VERSION) return
  db.transaction(() => {
    // Read again under the write lock: another process may have migrated since.
    const current = db.pragma('user_version', { simple: true }) as number
    for (let v = current; v < LATEST_SCHEMA_VERSION; v++) MIGRATIONS[v](db)
    if (current < LATEST_SCHEMA_VERSION) db.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`)
  }).immediate()
}

/** Who decodes a run, so that another process can tell whether it is still alive. */
export const OWNER = { pid: process.pid, host: os.hostname() }

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Runs in flight when their process died. Runs owned by a live process, or by another host, are left alone. */
export function markInterrupted(db: Database): number {
  const running = db.prepare(`SELECT id, owner_pid, owner_host FROM runs WHERE status = 'running'`).all() as {
    id: number
    owner_pid: number | null
    owner_host: string | null
  }[]
  const dead = running.filter((r) => r.owner_host === OWNER.host && (r.owner_pid === null || (r.owner_pid !== OWNER.pid && !isAlive(r.owner_pid))))
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', error = 'the process decoding this run stopped before it finished', finished_at = ? WHERE id = ? AND status = 'running'`,
  )
  const now = new Date().toISOString()
  db.transaction(() => dead.forEach((r) => mark.run(now, r.id)))()
  return dead.length
}
