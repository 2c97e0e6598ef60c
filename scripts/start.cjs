// `npm start`: make sure Electron and an Electron build of better-sqlite3 are there (both download
// once, on a machine with internet), build the desktop app, then open it. Where either cannot be
// had, it says why in one line and starts browser mode by itself, which needs neither: the web
// server prints the URL to open (with its access token), so `npm start` opens the app anywhere.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { electronSqliteBinding } = require('./electron-native.cjs')

const root = path.resolve(__dirname, '..')
const electronVite = () =>
  path.join(path.dirname(require.resolve('electron-vite/package.json', { paths: [root] })), 'bin/electron-vite.js')

function build() {
  const built = spawnSync(process.execPath, [electronVite(), 'build'], { cwd: root, stdio: 'inherit' }).status ?? 1
  if (built !== 0) process.exit(built)
}

/** No desktop shell here: the same renderer in browser mode (`npm run web`), which prints its URL. */
function fail(reason) {
  console.error(`npm start: ${reason}; starting browser mode instead (open the URL it prints)`)
  build()
  const web = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join('src', 'main', 'web', 'web-main.ts'), ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit' },
  )
  process.exit(web.status ?? 1)
}

function electronDir() {
  return path.dirname(require.resolve('electron/package.json', { paths: [root] }))
}

/** The Electron binary, or null; require('electron') returns its path only once it is installed. */
function installedElectron(dir) {
  const pathFile = path.join(dir, 'path.txt')
  const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8') : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (!name && !override) return null
  if (!fs.existsSync(path.join(override ?? path.join(dir, 'dist'), name || 'electron'))) return null
  const binary = require(dir)
  return fs.existsSync(binary) ? binary : null
}

function electronBinary() {
  let dir
  try {
    dir = electronDir()
  } catch {
    fail('the electron package is not installed (run npm ci)')
  }
  const found = installedElectron(dir)
  if (found) return found
  // npm ci skips Electron's download script (it is not in allowScripts): run it now.
  console.error("npm start: downloading Electron's binary (once)…")
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 10 * 60_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  })
  const binary = r.status === 0 ? installedElectron(dir) : null
  if (!binary) fail("Electron's binary is not installed and could not be downloaded (no internet here?)")
  return binary
}

const electron = electronBinary()
const version = require(path.join(electronDir(), 'package.json')).version
let binding
try {
  binding = electronSqliteBinding(root, version)
} catch (err) {
  fail(err.message)
}

build()

const env = { ...process.env, DECODING_LAB_SQLITE_BINDING: binding }
delete env.ELECTRON_RUN_AS_NODE // set, it would make Electron behave as plain Node
process.exit(spawnSync(electron, [root], { cwd: root, stdio: 'inherit', env }).status ?? 1)
