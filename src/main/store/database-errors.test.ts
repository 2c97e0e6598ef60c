// @vitest-environment node
import BetterSqlite3 from 'better-sqlite3'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { openDatabase } from './database'

const CLI = path.resolve(__dirname, '../../../bin/decoding-lab.cjs')
const tempDir = useTempDir()

/**
 * A real read-only condition. Root ignores file modes, so as root the file or folder is made
 * immutable (chattr +i: nobody, root included, may write it, and the kernel says "operation not
 * permitted"); otherwise its mode loses the write bits ("permission denied").
 */
const asRoot = process.getuid?.() === 0
const DENIED = asRoot ? 'operation not permitted' : 'permission denied'
const locked: string[] = []
function makeReadOnly(p: string): void {
  if (asRoot) execFileSync('chattr', ['+i', p])
  else fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o555 : 0o444)
  locked.push(p)
}
// Registered after useTempDir, so it runs before the folders are removed.
afterEach(() => {
  for (const p of locked.splice(0).reverse()) {
    if (asRoot) execFileSync('chattr', ['-i', p])
    else fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644)
  }
})

/**
 * Whether user nobody can reach the CLI: not in a checkout under a private folder (mktemp -d makes
 * one 0700), where setpriv's command could not even start.
 */
const nobodyCanRun =
  asRoot && spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', CLI]).status === 0

const sha256 = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex')

async function expectLine(args: string[], line: string): Promise<void> {
  const r = await cli(...args)
  expect({ code: r.code, err: r.err, out: r.out }).toEqual({ code: 2, err: `error: ${line}\n`, out: '' })
}

/** A real database with one finished run, closed (so its -wal is checkpointed into it and gone). */
async function labWithRun(dir: string): Promise<string> {
  const file = path.join(dir, 'lab.sqlite')
  const r = await cli('run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', file, '--json')
  expect(r.code, r.err).toBe(0)
  expect(fs.readdirSync(dir)).toEqual(['lab.sqlite'])
  return file
}

describe('errors that name the file', () => {
  it('a read-only database file', async () => {
    const file = await labWithRun(tempDir())
    const before = sha256(file)
    makeReadOnly(file)
    await expectLine(
      ['runs', '--db', file],
      `${file} is read-only (${DENIED}); Decoding Lab stores every run in it: make it writable or pass another --db`,
    )
    expect(sha256(file)).toBe(before)
  })

  it('a database in a read-only folder, where SQLite cannot create its -wal and -shm files', async () => {
    const dir = tempDir()
    const file = await labWithRun(dir)
    makeReadOnly(dir)
    await expectLine(
      ['runs', '--db', file],
      `the folder ${dir} of ${file} is read-only (${DENIED}); SQLite keeps lab.sqlite-wal and lab.sqlite-shm beside the database: make the folder writable or pass another --db`,
    )
    expect(fs.readdirSync(dir)).toEqual(['lab.sqlite'])
  })

  it('a new database in a read-only folder', async () => {
    const dir = tempDir()
    makeReadOnly(dir)
    const file = path.join(dir, 'lab.sqlite')
    await expectLine(
      ['runs', '--db', file],
      `cannot create ${file}: the folder ${dir} is read-only (${DENIED}); make the folder writable or pass another --db`,
    )
  })

  it('a folder that cannot be created, and a "folder" that is a file', async () => {
    const dir = tempDir()
    makeReadOnly(dir)
    const inside = path.join(dir, 'sub', 'lab.sqlite')
    await expectLine(
      ['runs', '--db', inside],
      `cannot create the folder ${path.join(dir, 'sub')} for ${inside} (${DENIED}); create it yourself or pass another --db`,
    )

    const other = tempDir()
    const notes = path.join(other, 'notes.txt')
    fs.writeFileSync(notes, 'a file')
    for (const file of [path.join(notes, 'lab.sqlite'), path.join(notes, 'a', 'b', 'lab.sqlite')]) {
      await expectLine(
        ['runs', '--db', file],
        `cannot create the folder ${path.dirname(file)} for ${file}: ${notes} is a file, not a folder; pass a --db in a folder that exists or can be created`,
      )
    }
    expect(fs.readFileSync(notes, 'utf8')).toBe('a file')
  })

  it('a malformed page, found by the query that reads it long after the open', async () => {
    const dir = tempDir()
    const file = await labWithRun(dir)
    const raw = new BetterSqlite3(file, { readonly: true })
    const pageSize = raw.pragma('page_size', { simple: true }) as number
    const root = (table: string): number =>
      (raw.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number }).rootpage
    const pages = { runs: root('runs'), tree: root('tree_nodes') }
    raw.close()
    const damage = (page: number): void => {
      const fd = fs.openSync(file, 'r+')
      fs.writeSync(fd, Buffer.alloc(64, 0xa5), 0, 64, (page - 1) * pageSize)
      fs.closeSync(fd)
    }
    const line = `${file} is a damaged SQLite database (database disk image is malformed); Decoding Lab will not modify it: restore it from a backup or pass another --db`

    damage(pages.tree)
    expect((await cli('runs', '--db', file)).code).toBe(0)
    await expectLine(['show', '1', '--db', file], line)
    damage(pages.runs)
    await expectLine(['runs', '--db', file], line)
    expect(() => openDatabase(file).prepare('SELECT * FROM runs').all()).toThrow(line)
  })

  it.runIf(asRoot && nobodyCanRun)(
    'a file the user may not write, through the real command run as nobody (setpriv), where the kernel says "permission denied"',
    () => {
      const dir = tempDir()
      fs.chmodSync(dir, 0o755)
      const file = path.join(dir, 'lab.sqlite')
      openDatabase(file).close()
      fs.chmodSync(file, 0o444)
      const r = spawnSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, 'runs', '--db', file],
        { encoding: 'utf8' },
      )
      expect({ status: r.status, stderr: r.stderr }).toEqual({
        status: 2,
        stderr: `error: ${file} is read-only (permission denied); Decoding Lab stores every run in it: make it writable or pass another --db\n`,
      })
    },
    60_000,
  )
})
