import type BetterSqlite3 from 'better-sqlite3'
import type fs from 'node:fs'
import { InputError } from '../../core/errors'

/** Inside Electron, the Electron-ABI build of better-sqlite3 that `npm start` prepared (see scripts/electron-native.cjs). */
export function sqliteBinding(): { nativeBinding?: string } {
  const binding = process.env.DECODING_LAB_SQLITE_BINDING
  return process.versions.electron && binding ? { nativeBinding: binding } : {}
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
}

/** A file-system error in words, without its code or syscall. */
export function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code && REASONS[code]) return REASONS[code]
  return err instanceof Error ? err.message : String(err)
}

export function cannot(action: string, err: unknown, todo: string): InputError {
  return dbInputError(`cannot ${action} (${reason(err)}); ${todo}`)
}

// The app has no --db: its database is in the per-user data folder unless DECODING_LAB_DB names another.
const APP_DB_WORDS: [RegExp, string][] = [
  [/pass a --db in a folder/g, 'set DECODING_LAB_DB to a file in a folder'],
  [/pass a file path with --db/g, 'set DECODING_LAB_DB to a file path'],
  [/pass another --db/g, 'set DECODING_LAB_DB to another file'],
]

/** A database problem, worded for the CLI (its --db) and for the app (DECODING_LAB_DB). */
export function dbInputError(message: string): InputError {
  const app = APP_DB_WORDS.reduce((text, [flag, words]) => text.replace(flag, words), message)
  return new InputError(message, app === message ? undefined : { app })
}

export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder'
  if (stat.isCharacterDevice()) return 'a character device'
  if (stat.isBlockDevice()) return 'a block device'
  if (stat.isFIFO()) return 'a named pipe'
  if (stat.isSocket()) return 'a socket'
  return 'not a regular file'
}

export function damaged(file: string, what: string): InputError {
  return dbInputError(
    `${file} is a damaged SQLite database (${what}); Decoding Lab will not modify it: restore it from a backup or pass another --db`,
  )
}

/** Bytes as a JavaScript string literal would show them: printable ASCII as is, the rest escaped. */
export function printable(bytes: Uint8Array): string {
  return Array.from(bytes, (b) =>
    b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c
      ? String.fromCharCode(b)
      : `\\x${b.toString(16).padStart(2, '0').toUpperCase()}`,
  ).join('')
}

/**
 * An error SQLite gave while opening, migrating or reading `file`, as one line that names the file.
 * `explainAccess` may find the cause on disk (a read-only file or folder) and throw its own line.
 */
export function describeSqliteFailure(file: string, err: unknown, explainAccess?: () => void): InputError {
  if (err instanceof InputError) return err
  const code = (err as { code?: string }).code ?? ''
  const message = err instanceof Error ? err.message : String(err)
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damaged(file, message)
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new InputError(
      `${file} is locked by another process (${message}); close the program that holds it, or try again`,
    )
  }
  if (code === 'SQLITE_FULL')
    return dbInputError(`cannot write ${file} (${message}); free some disk space or pass another --db`)
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_IOERR') ||
    code === 'SQLITE_PERM'
  ) {
    try {
      explainAccess?.()
    } catch (found) {
      if (found instanceof InputError) return found
    }
    return dbInputError(
      `cannot write ${file} (${message}); check that the file and its folder can be written, or pass another --db`,
    )
  }
  return dbInputError(`${file} cannot be used as a Decoding Lab database (${message}); pass another --db`)
}

/** Errors of the file, not of the statement: these get a line that names the file wherever they happen. */
const FILE_ERRORS = /^SQLITE_(CORRUPT|NOTADB|READONLY|CANTOPEN|IOERR|FULL|BUSY|LOCKED|PERM)/

/**
 * Makes every statement of `db` report a damaged, read-only, full or locked file as one line that
 * names it (a damaged page is often found only by the query that reads it, long after the open).
 * Other errors (a constraint, a bad query) pass through as they are.
 */
export function nameFileErrors(db: BetterSqlite3.Database, file: string, explainAccess: () => void): void {
  const rename = (err: unknown): unknown =>
    FILE_ERRORS.test((err as { code?: string }).code ?? '') ? describeSqliteFailure(file, err, explainAccess) : err
  // A plain try/catch around each call, no closure made per call: statements run in tight loops.
  const guarded = <A extends unknown[], R>(f: (...args: A) => R) =>
    function (this: unknown, ...args: A): R {
      try {
        return f.apply(this, args)
      } catch (err) {
        throw rename(err)
      }
    }
  const prepare = db.prepare
  db.prepare = function (this: BetterSqlite3.Database, source: string) {
    const statement = prepare.call(this, source) as unknown as Record<string, (...args: unknown[]) => unknown>
    for (const method of ['run', 'get', 'all', 'iterate']) statement[method] = guarded(statement[method])
    return statement
  } as unknown as typeof db.prepare
  db.exec = guarded(db.exec)
  db.pragma = guarded(db.pragma) as typeof db.pragma
  const transaction = db.transaction
  db.transaction = function (this: BetterSqlite3.Database, fn: (...args: unknown[]) => unknown) {
    const t = transaction.call(this, fn)
    return Object.assign(guarded(t), {
      default: guarded(t),
      deferred: guarded(t.deferred),
      immediate: guarded(t.immediate),
      exclusive: guarded(t.exclusive),
      database: this,
    })
  } as typeof db.transaction
}
