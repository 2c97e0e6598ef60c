import BetterSqlite3, { type Database } from 'better-sqlite3'
import { checkWritable, ensureFolder } from './database-access'
import { dbInputError, describeSqliteFailure, nameFileErrors, sqliteBinding } from './database-errors'
import { identifyDatabaseFile } from './database-identity'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'
import { currentOwner, isOwnerAlive } from './owner-liveness'

export type { Database }

/**
 * Opens (creating if needed) a Decoding Lab database: WAL mode, pending migrations in one
 * transaction, and runs left `running` by a process that is gone marked `interrupted`.
 * What the file is gets decided before anything writes to it: a file that is not a Decoding Lab
 * database, or is one from a newer version, is refused with its bytes as they were.
 */
export function openDatabase(file: string): Database {
  if (file === ':memory:') return prepare(new BetterSqlite3(file, sqliteBinding()), file)
  const found = identifyDatabaseFile(file)
  if (found.state === 'ours') refuseFuture(file, found.version)
  else ensureFolder(file)
  checkWritable(file)
  let db: Database
  try {
    db = new BetterSqlite3(file, sqliteBinding())
  } catch (err) {
    throw describeSqliteFailure(file, err, () => checkWritable(file))
  }
  return prepare(db, file)
}

function prepare(db: Database, file: string): Database {
  nameFileErrors(db, file, () => checkWritable(file))
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL')
    migrate(db, file)
    markInterrupted(db)
    return db
  } catch (err) {
    db.close()
    throw describeSqliteFailure(file, err, () => checkWritable(file))
  }
}

function refuseFuture(file: string, version: number): void {
  if (version > LATEST_SCHEMA_VERSION) {
    throw dbInputError(
      `${file} was written by a newer Decoding Lab (schema version ${version}; this version knows up to ${LATEST_SCHEMA_VERSION}); update Decoding Lab or pass another --db`,
    )
  }
}

/**
 * Brings the schema to the latest version in one transaction. Foreign keys are off meanwhile (a
 * table rebuild would otherwise cascade its DROP onto the rows that refer to it) and are checked
 * before the transaction commits.
 */
export function migrate(db: Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number
  refuseFuture(file, version)
  if (version === LATEST_SCHEMA_VERSION) return
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      // Read again under the write lock: another process may have migrated since.
      const current = db.pragma('user_version', { simple: true }) as number
      refuseFuture(file, current)
      for (let v = current; v < LATEST_SCHEMA_VERSION; v++) MIGRATIONS[v](db)
      const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
      if (broken.length)
        throw new Error(
          `migration left ${broken.length} rows whose parent is missing (first: ${broken[0].table} row ${broken[0].rowid} → ${broken[0].parent})`,
        )
      if (current < LATEST_SCHEMA_VERSION) db.pragma(`user_version = ${LATEST_SCHEMA_VERSION}`)
    }).immediate()
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`)
  }
}

/** Who decodes a run, so that another process can tell whether it is still alive. */
export const OWNER = currentOwner()

interface RunningRow {
  id: number
  owner_pid: number | null
  owner_host: string | null
  owner_started: number | null
  owner_boot: string | null
}

/** Runs in flight when their process died. Runs owned by a live process, or by another host, are left alone. */
export function markInterrupted(db: Database): number {
  const running = db
    .prepare(`SELECT id, owner_pid, owner_host, owner_started, owner_boot FROM runs WHERE status = 'running'`)
    .all() as RunningRow[]
  const dead = running.filter(
    (r) =>
      r.owner_host === OWNER.host &&
      (r.owner_pid === null || !isOwnerAlive({ pid: r.owner_pid, started: r.owner_started, boot: r.owner_boot })),
  )
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', error = 'the process decoding this run stopped before it finished', finished_at = ? WHERE id = ? AND status = 'running'`,
  )
  const now = new Date().toISOString()
  db.transaction(() => dead.forEach((r) => mark.run(now, r.id)))()
  return dead.length
}
