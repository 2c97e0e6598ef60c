import type { Database } from 'better-sqlite3'

/** Tables whose ids are shown to users and kept in exports: an id must never come back for another row. */
const TABLES = ['experiments', 'runs', 'sweeps']

/**
 * AUTOINCREMENT ids: without it SQLite gives a deleted last row's id to the next row, so that
 * resuming a sweep (which deletes the interrupted cell's run) made one run id name two runs.
 * SQLite cannot add AUTOINCREMENT to a table, so each is rebuilt (steps 4-7 and 9 of
 * https://www.sqlite.org/lang_altertable.html#otheralter): from its own stored definition, so that
 * every column, constraint and STRICT stays, with its rows, indexes and triggers.
 * The caller runs this with foreign_keys off and checks them before committing (see migrate()).
 */
export function updateToSchemaVersion8(db: Database): void {
  for (const table of TABLES) rebuildWithAutoincrement(db, table)
}

function rebuildWithAutoincrement(db: Database, table: string): void {
  const { sql } = db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) as {
    sql: string
  }
  const attached = db
    .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL`)
    .all(table) as { sql: string }[]
  const head = `CREATE TABLE ${table} (`
  const key = /\bid INTEGER PRIMARY KEY,/
  if (!sql.startsWith(head) || !key.test(sql)) throw new Error(`migration 8: unexpected definition of ${table}: ${sql}`)
  const rebuilt = sql.replace(head, `CREATE TABLE new_${table} (`).replace(key, 'id INTEGER PRIMARY KEY AUTOINCREMENT,')
  db.exec(rebuilt)
  db.exec(`INSERT INTO new_${table} SELECT * FROM ${table}`)
  db.exec(`DROP TABLE ${table}`)
  db.exec(`ALTER TABLE new_${table} RENAME TO ${table}`)
  for (const { sql: create } of attached) db.exec(create)
}
