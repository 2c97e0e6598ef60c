// `npm start`: build the desktop app, then open it in Electron.
// Electron's binary downloads on first use, which some machines cannot do: say so in one line
// instead of letting `require('electron')` try a download and fail deep inside it.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')

function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json', { paths: [root] }))
    const pathFile = path.join(dir, 'path.txt')
    const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8') : ''
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
    if (!name && !override) return null
    // Only once the binary is there: require('electron') then returns its path without downloading.
    if (!fs.existsSync(path.join(override ?? path.join(dir, 'dist'), name || 'electron'))) return null
    const binary = require(dir)
    return fs.existsSync(binary) ? binary : null
  } catch {
    return null
  }
}

const electron = electronBinary()
if (!electron) {
  console.error(
    "Electron's binary is not installed here (it downloads on first use on a machine with internet: run `npx electron --version`); meanwhile use the command line: npm run -s cli -- --help",
  )
  process.exit(1)
}

const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json', { paths: [root] })), 'bin/electron-vite.js')
const built = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' }).status ?? 1
if (built !== 0) process.exit(built)

const env = { ...process.env }
delete env.ELECTRON_RUN_AS_NODE // set, it would make Electron behave as plain Node
process.exit(spawnSync(electron, [root], { cwd: root, stdio: 'inherit', env }).status ?? 1)
