// @vitest-environment node
import BetterSqlite3 from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RESOURCES_DIR } from '../paths'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { InputError } from '../../core/errors'
import { openDatabase } from './database'
import { identifyDatabaseFile } from './database-identity'
import { createExperiment } from './experiments-repo'
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'
import { APPLICATION_ID } from './migrations/0006-application-id'

const tempDir = useTempDir()

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const besides = (file: string): string[] => fs.readdirSync(path.dirname(file)).filter((f) => f !== path.basename(file))

/** Runs `runs --db file`, expects exit 2 with `line`, and that the file and its folder are as they were. */
async function expectRefused(file: string, line: string): Promise<void> {
  const before = sha256(file)
  const others = besides(file)
  const r = await cli('runs', '--db', file)
  expect({ code: r.code, err: r.err, out: r.out }).toEqual({ code: 2, err: `error: ${line}\n`, out: '' })
  expect(sha256(file)).toBe(before)
  expect(besides(file)).toEqual(others)
  expect(() => openDatabase(file)).toThrow(line)
}

/** An SQLite file another program made, closed cleanly. */
function foreign(file: string, sql: string, pragmas: string[] = []): string {
  const db = new BetterSqlite3(file)
  for (const p of pragmas) db.pragma(p)
  db.exec(sql)
  db.close()
  return file
}

describe('hands off what is not ours', () => {
  it('refuses a database from a newer Decoding Lab in WAL mode, leaving its bytes and folder as they were', async () => {
    const file = foreign(
      path.join(tempDir(), 'future.sqlite'),
      'CREATE TABLE experiments (id INTEGER PRIMARY KEY); CREATE TABLE later (x)',
      ['journal_mode = WAL', `application_id = ${APPLICATION_ID}`, `user_version = ${LATEST_SCHEMA_VERSION + 1}`],
    )
    expect(besides(file)).toEqual([])
    await expectRefused(
      file,
      `${file} was written by a newer Decoding Lab (schema version ${LATEST_SCHEMA_VERSION + 1}; this version knows up to ${LATEST_SCHEMA_VERSION}); update Decoding Lab or pass another --db`,
    )
  })

  it('refuses another application’s SQLite database, in WAL or rollback mode, naming its tables', async () => {
    const dir = tempDir()
    const sql =
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX users_name ON users(name); CREATE TABLE posts (id, body); INSERT INTO users VALUES (1, 'ada')"
    for (const mode of ['WAL', 'DELETE']) {
      const file = foreign(path.join(dir, `app-${mode}.db`), sql, [`journal_mode = ${mode}`])
      await expectRefused(
        file,
        `${file} is an SQLite database of another application (tables: users, posts); Decoding Lab will not modify it: pass another --db`,
      )
    }
  })

  it('refuses another application’s database that is open right now, its tables only in the -wal file', async () => {
    const file = path.join(tempDir(), 'busy.db')
    const other = new BetterSqlite3(file)
    try {
      other.pragma('journal_mode = WAL')
      other.pragma('wal_autocheckpoint = 0')
      other.exec('CREATE TABLE messages (id INTEGER PRIMARY KEY, text TEXT)')
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0)
      await expectRefused(
        file,
        `${file} is an SQLite database of another application (tables: messages); Decoding Lab will not modify it: pass another --db`,
      )
    } finally {
      other.close()
    }
  })

  it('tells another application by its application_id, and one with our table names but not our shape', async () => {
    const dir = tempDir()
    const gpkg = foreign(path.join(dir, 'map.gpkg'), 'CREATE TABLE gpkg_contents (table_name TEXT)', [
      'application_id = 1196444487',
    ])
    await expectRefused(
      gpkg,
      `${gpkg} is an SQLite database of another application (application_id 0x47504b47, tables: gpkg_contents); Decoding Lab will not modify it: pass another --db`,
    )
    const lookalike = foreign(path.join(dir, 'ci.db'), 'CREATE TABLE runs (id INTEGER PRIMARY KEY, status TEXT)', [
      'user_version = 3',
    ])
    await expectRefused(
      lookalike,
      `${lookalike} is an SQLite database of another application (tables: runs); Decoding Lab will not modify it: pass another --db`,
    )
    const versioned = foreign(path.join(dir, 'v.db'), 'SELECT 1', ['user_version = 7'])
    await expectRefused(
      versioned,
      `${versioned} is an SQLite database of another application (no tables, user_version 7); Decoding Lab will not modify it: pass another --db`,
    )
  })

  it('lists a long schema (interior pages, names on overflow pages) in one line, with hostile names escaped', async () => {
    const file = path.join(tempDir(), 'wide.db')
    const db = new BetterSqlite3(file)
    db.pragma('page_size = 512')
    db.exec(`CREATE TABLE "bad\nname\u0007" (x)`)
    db.transaction(() => {
      for (let i = 0; i < 150; i++) db.exec(`CREATE TABLE t${String(i).padStart(3, '0')}_${'x'.repeat(600)} (a, b, c)`)
    })()
    db.close()
    const long = `t000_${'x'.repeat(35)}…`
    const line = `${file} is an SQLite database of another application (tables: bad\\x0Aname\\x07, ${long}, ${long.replace('t000', 't001')}, ${long.replace('t000', 't002')}, ${long.replace('t000', 't003')}, ${long.replace('t000', 't004')}, ${long.replace('t000', 't005')}, ${long.replace('t000', 't006')} and 143 more); Decoding Lab will not modify it: pass another --db`
    await expectRefused(file, line)
  })

  it('refuses a file that is not SQLite, showing how it starts', async () => {
    const dir = tempDir()
    const zip = path.join(dir, 'backup.zip')
    fs.writeFileSync(zip, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), Buffer.alloc(200, 7)]))
    await expectRefused(
      zip,
      `${zip} is not an SQLite database (it starts with "PK\\x03\\x04"); Decoding Lab will not modify it: pass another --db`,
    )
    const text = path.join(dir, 'notes.sqlite')
    fs.writeFileSync(text, 'this is not sqlite, just text that fills a page '.repeat(200))
    await expectRefused(
      text,
      `${text} is not an SQLite database (it starts with "this"); Decoding Lab will not modify it: pass another --db`,
    )
    const model = path.join(dir, 'model.gguf')
    fs.copyFileSync(path.join(RESOURCES_DIR, 'models/tang-poems.gguf'), model)
    await expectRefused(
      model,
      `${model} is not an SQLite database (it starts with "GGUF"); Decoding Lab will not modify it: pass another --db`,
    )
    const stray = path.join(tempDir(), 'stray.db')
    fs.writeFileSync(stray, Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(5000, 1)]))
    fs.writeFileSync(`${stray}-wal`, 'a -wal file that no SQLite wrote '.repeat(40))
    await expectRefused(
      stray,
      `${stray} is not an SQLite database (it starts with "PK\\x03\\x04"); Decoding Lab will not modify it: pass another --db`,
    )
    const tiny = path.join(dir, 'tiny.db')
    fs.writeFileSync(tiny, 'x')
    await expectRefused(
      tiny,
      `${tiny} is not an SQLite database (it starts with "x"); Decoding Lab will not modify it: pass another --db`,
    )
  })

  it('refuses a cut-short SQLite file and one whose schema page is damaged', async () => {
    const dir = tempDir()
    const cut = path.join(dir, 'cut.sqlite')
    fs.writeFileSync(cut, Buffer.concat([Buffer.from('SQLite format 3\u0000', 'latin1'), Buffer.alloc(20)]))
    await expectRefused(
      cut,
      `${cut} is a damaged SQLite database (its header is cut short (36 of 100 bytes)); Decoding Lab will not modify it: restore it from a backup or pass another --db`,
    )
    const ours = path.join(dir, 'lab.sqlite')
    openDatabase(ours).close()
    const bytes = fs.readFileSync(ours)
    bytes[100] = 0x42 // the schema b-tree's page type
    fs.writeFileSync(ours, bytes)
    await expectRefused(
      ours,
      `${ours} is a damaged SQLite database (page 1 of its schema has b-tree type 66, not a table page); Decoding Lab will not modify it: restore it from a backup or pass another --db`,
    )
  })

  it('refuses what is not a regular file without reading it', async () => {
    const dir = tempDir()
    const fifo = path.join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    for (const [file, kind] of [
      [dir, 'a folder'],
      ['/dev/zero', 'a character device'],
      [fifo, 'a named pipe'],
    ]) {
      const r = await cli('runs', '--db', file)
      expect({ code: r.code, err: r.err }).toEqual({
        code: 2,
        err: `error: ${file} is ${kind}, not a database file; pass a file path with --db\n`,
      })
    }
  })

  it('makes a new path, an empty file and an empty SQLite file ours', () => {
    const dir = tempDir()
    const empty = path.join(dir, 'empty.sqlite')
    fs.writeFileSync(empty, '')
    const blank = path.join(dir, 'blank.sqlite')
    foreign(blank, 'SELECT 1', ['journal_mode = WAL'])
    for (const file of [path.join(dir, 'new', 'lab.sqlite'), empty, blank]) {
      const db = openDatabase(file)
      expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
      db.close()
    }
  })

  it('migrates a Decoding Lab database from before the application_id, and leaves one with extra tables alone otherwise', () => {
    const file = path.join(tempDir(), 'v5.sqlite')
    const raw = new BetterSqlite3(file)
    raw.pragma('journal_mode = WAL')
    for (const m of MIGRATIONS.slice(0, 5)) m(raw)
    raw.pragma('user_version = 5')
    raw.exec('CREATE TABLE my_notes (text TEXT)')
    raw.close()
    const db = openDatabase(file)
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
    const exp = createExperiment(db, {
      modelId: 'm',
      modelKind: 'table',
      vocabSize: 5,
      prompt: '',
      promptTokens: [],
      maxTokens: 2,
      topN: 10,
    })
    expect(exp).toBe(1)
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'my_notes'`).all()).toEqual([{ name: 'my_notes' }])
    db.close()
  })
})

describe('identifying damaged and hostile files', () => {
  it('answers every one of 1,000 seeded mutations of real schema pages with a result or one InputError line, and writes nothing', () => {
    const dir = tempDir()
    const ours = path.join(dir, 'lab.sqlite')
    openDatabase(ours).close()
    const wide = path.join(dir, 'wide.db')
    const w = new BetterSqlite3(wide)
    w.pragma('page_size = 512')
    w.transaction(() => {
      for (let i = 0; i < 40; i++) w.exec(`CREATE TABLE t${i}_${'y'.repeat(300)} (a)`)
    })()
    w.close()
    let seed = 12345
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    const target = path.join(dir, 'mutant.db')
    const outcomes = new Set<string>()
    for (let i = 0; i < 1000; i++) {
      const bytes = fs.readFileSync(i % 2 ? ours : wide)
      const span = Math.min(bytes.length, i % 2 ? 4096 * 2 : 512 * 12)
      for (let k = 0, n = 1 + next(8); k < n; k++) bytes[next(span)] = next(256)
      if (next(10) === 0) bytes.writeUInt32BE(next(2 ** 31), 100 + 8) // an interior page's right-most pointer
      fs.writeFileSync(target, next(20) === 0 ? bytes.subarray(0, next(bytes.length)) : bytes)
      const before = sha256(target)
      try {
        outcomes.add(identifyDatabaseFile(target).state)
      } catch (err) {
        expect(err).toBeInstanceOf(InputError)
        expect((err as Error).message).not.toMatch(/\n/)
        expect((err as Error).message.startsWith(target)).toBe(true)
        outcomes.add((err as Error).message.slice(target.length).split(' (')[0])
      }
      expect(sha256(target)).toBe(before)
      expect(besides(target).sort()).toEqual(['lab.sqlite', 'wide.db'])
    }
    // The mutations reached both verdicts and several refusals.
    expect(outcomes).toContain('ours')
    expect(outcomes).toContain(' is a damaged SQLite database')
    expect(outcomes).toContain(' is an SQLite database of another application')
  })
})
