import BetterSqlite3 from 'better-sqlite3'
import fs from 'node:fs'
import {
  cannot,
  damaged,
  dbInputError,
  describeSqliteFailure,
  fileKind,
  printable,
  sqliteBinding,
} from './database-errors'
import { LATEST_SCHEMA_VERSION } from './migrations'
import { APPLICATION_ID, APPLICATION_ID_VERSION } from './migrations/0006-application-id'
import {
  HEADER_BYTES,
  MalformedSqliteFile,
  parseHeader,
  readSchema,
  SQLITE_MAGIC,
  type SchemaObject,
} from './sqlite-schema-reader'

/** What a path holds, found without writing a byte: nothing yet (ours to create), or a Decoding Lab database at a schema version. */
export type DatabaseFile = { state: 'new' } | { state: 'ours'; version: number }

const PASS_ANOTHER = 'Decoding Lab will not modify it: pass another --db'

/** The tables every Decoding Lab database has had, and the version that added each later one. */
const OUR_TABLES: readonly [string, number][] = [
  ['experiments', 1],
  ['runs', 1],
  ['sequences', 1],
  ['tree_nodes', 1],
  ['sweeps', 3],
]

/**
 * Identifies the file at `file` before anything opens it for writing. An absent or empty file is
 * ours to create; a Decoding Lab database (by its application_id, or, before that existed, by its
 * tables) is ours at its version. Anything else throws an InputError saying what the file is.
 */
export function identifyDatabaseFile(file: string): DatabaseFile {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { state: 'new' }
    if (code === 'ENOTDIR') return { state: 'new' } // a parent is a file: the folder check says so
    throw cannot(`read ${file}`, err, `make it readable or pass another --db`)
  }
  if (!stat.isFile())
    throw dbInputError(`${file} is ${fileKind(stat)}, not a database file; pass a file path with --db`)
  if (stat.size === 0 && !hasWal(file)) return { state: 'new' }
  if (stat.size > 0) {
    const head = readStart(file, 16)
    if (Buffer.from(head).toString('latin1') !== SQLITE_MAGIC)
      throw dbInputError(
        `${file} is not an SQLite database (it starts with "${printable(head.subarray(0, 4))}"); ${PASS_ANOTHER}`,
      )
  }

  const { schema, userVersion, applicationId } = hasWal(file) ? readThroughSqlite(file) : readFromBytes(file, stat.size)
  if (applicationId === APPLICATION_ID) return { state: 'ours', version: userVersion }
  const tables = schema.filter((o) => o.type === 'table' && !o.name.startsWith('sqlite_')).map((o) => o.name)
  if (applicationId === 0) {
    if (schema.length === 0 && userVersion === 0) return { state: 'new' }
    const has = (version: number): boolean =>
      OUR_TABLES.every(([name, since]) => since > version || tables.includes(name))
    if (userVersion >= 1 && userVersion < APPLICATION_ID_VERSION && has(userVersion))
      return { state: 'ours', version: userVersion }
    // A newer Decoding Lab sets the application_id; this only keeps a file with our tables from being called foreign.
    if (userVersion > LATEST_SCHEMA_VERSION && has(LATEST_SCHEMA_VERSION))
      return { state: 'ours', version: userVersion }
  }
  throw dbInputError(
    `${file} is an SQLite database of another application (${describeForeign(applicationId, userVersion, schema, tables)}); ${PASS_ANOTHER}`,
  )
}

function hasWal(file: string): boolean {
  try {
    return fs.statSync(`${file}-wal`).size > 0
  } catch {
    return false
  }
}

interface Identity {
  schema: SchemaObject[]
  userVersion: number
  applicationId: number
}

/** No -wal file: the main file holds everything, and reading its bytes creates nothing beside it. */
function readFromBytes(file: string, size: number): Identity {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch (err) {
    throw cannot(`read ${file}`, err, 'make it readable or pass another --db')
  }
  try {
    const read = (offset: number, length: number): Uint8Array => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)))
      const n = buf.length ? fs.readSync(fd, buf, 0, buf.length, offset) : 0
      return buf.subarray(0, n)
    }
    try {
      const header = parseHeader(read(0, HEADER_BYTES))
      return {
        schema: readSchema(read, size, header),
        userVersion: header.userVersion,
        applicationId: header.applicationId,
      }
    } catch (err) {
      if (err instanceof MalformedSqliteFile) throw damaged(file, err.message)
      throw err
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** A non-empty -wal file exists (the database is in use, or was not closed): only SQLite reads it right. Its -wal and -shm are there already. */
function readThroughSqlite(file: string): Identity {
  let db: BetterSqlite3.Database | undefined
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, ...sqliteBinding() })
    const schema = db.prepare(`SELECT type, name FROM sqlite_master`).all() as SchemaObject[]
    return {
      schema,
      userVersion: db.pragma('user_version', { simple: true }) as number,
      applicationId: db.pragma('application_id', { simple: true }) as number,
    }
  } catch (err) {
    throw describeSqliteFailure(file, err)
  } finally {
    db?.close()
  }
}

const MAX_LISTED = 8
const MAX_NAME = 40

function describeForeign(applicationId: number, userVersion: number, schema: SchemaObject[], tables: string[]): string {
  const parts: string[] = []
  if (applicationId !== 0) parts.push(`application_id 0x${(applicationId >>> 0).toString(16).padStart(8, '0')}`)
  if (tables.length === 0) {
    parts.push(
      schema.length === 0
        ? `no tables, user_version ${userVersion}`
        : `no tables, ${schema.length} other schema objects`,
    )
  } else {
    const shown = tables.slice(0, MAX_LISTED).map(safeName)
    parts.push(
      `tables: ${shown.join(', ')}${tables.length > MAX_LISTED ? ` and ${tables.length - MAX_LISTED} more` : ''}`,
    )
  }
  return parts.join(', ')
}

/** A name from the file, as it may go into a one-line message. */
function safeName(name: string): string {
  const clean = name.replace(
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`,
  )
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME)}…` : clean
}

function readStart(file: string, length: number): Uint8Array {
  const head = Buffer.alloc(length)
  try {
    const fd = fs.openSync(file, 'r')
    try {
      return head.subarray(0, fs.readSync(fd, head, 0, length, 0))
    } finally {
      fs.closeSync(fd)
    }
  } catch (err) {
    throw cannot(`read ${file}`, err, 'make it readable or pass another --db')
  }
}
