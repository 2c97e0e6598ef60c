import type { Database } from 'better-sqlite3'

/** 'DLAB': marks the file as a Decoding Lab database, so that it is told apart from any other SQLite file. */
export const APPLICATION_ID = 0x444c4142

/** The schema version that set APPLICATION_ID; older Decoding Lab databases are recognised by their tables. */
export const APPLICATION_ID_VERSION = 6

export function updateToSchemaVersion6(db: Database): void {
  db.pragma(`application_id = ${APPLICATION_ID}`)
}
