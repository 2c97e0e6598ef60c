import fs from 'node:fs'
import path from 'node:path'
import { cannot, dbInputError, reason } from './database-errors'

/** Creates the folder that will hold `file`, or says in one line why it cannot be. */
export function ensureFolder(file: string): void {
  const dir = path.dirname(path.resolve(file))
  let existing = dir
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing)
  if (fs.existsSync(existing) && !fs.statSync(existing).isDirectory()) {
    throw dbInputError(
      `cannot create the folder ${dir} for ${file}: ${existing} is a file, not a folder; pass a --db in a folder that exists or can be created`,
    )
  }
  try {
    fs.mkdirSync(dir, { recursive: true })
  } catch (err) {
    throw cannot(`create the folder ${dir} for ${file}`, err, 'create it yourself or pass another --db')
  }
}

/**
 * Refuses, before SQLite tries, a database that cannot be written: a new file in a read-only
 * folder, a read-only file, or a folder where SQLite cannot create the -wal and -shm files it keeps
 * beside the database in WAL mode.
 */
export function checkWritable(file: string): void {
  const dir = path.dirname(path.resolve(file))
  const base = path.basename(file)
  const folderProblem = problem(dir)
  if (!fs.existsSync(file)) {
    if (folderProblem)
      throw dbInputError(
        `cannot create ${file}: the folder ${dir} is read-only (${folderProblem}); make the folder writable or pass another --db`,
      )
    return
  }
  const fileProblem = problem(file)
  if (fileProblem)
    throw dbInputError(
      `${file} is read-only (${fileProblem}); Decoding Lab stores every run in it: make it writable or pass another --db`,
    )
  if (folderProblem && (problem(`${file}-wal`) || problem(`${file}-shm`))) {
    throw dbInputError(
      `the folder ${dir} of ${file} is read-only (${folderProblem}); SQLite keeps ${base}-wal and ${base}-shm beside the database: make the folder writable or pass another --db`,
    )
  }
}

/** Why `p` cannot be read and written, or null when it can. */
function problem(p: string): string | null {
  try {
    fs.accessSync(p, fs.constants.W_OK | fs.constants.R_OK)
    return null
  } catch (err) {
    return reason(err)
  }
}
