// Electron loads native addons built for its own V8 ABI, so the desktop app keeps an Electron build
// of better-sqlite3 in .electron-native/ beside the Node build that the CLI and the tests use.
// better-sqlite3 publishes prebuilt Electron binaries; without one, node-gyp builds it against
// Electron's headers. Both need the internet once per Electron version.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ADDON = 'better_sqlite3.node'

/** Path of the Electron-ABI binding for this Electron version, preparing it if needed; throws a one-line reason. */
function electronSqliteBinding(root, electronVersion) {
  const target = path.join(root, '.electron-native', `electron-${electronVersion}`, ADDON)
  if (fs.existsSync(target)) return target
  const pkgDir = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [root] }))
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-sqlite-'))
  try {
    // A copy, so that the Node build in node_modules stays as it is.
    fs.cpSync(pkgDir, work, {
      recursive: true,
      filter: (src) => path.relative(pkgDir, src).split(path.sep)[0] !== 'build',
    })
    const built = path.join(work, 'build', 'Release', ADDON)
    const attempts = [
      [
        'prebuilt',
        require.resolve('prebuild-install/bin.js', { paths: [pkgDir, root] }),
        ['--runtime', 'electron', '--target', electronVersion],
      ],
      [
        'node-gyp',
        nodeGyp(root),
        [
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${electronVersion}`,
          '--dist-url=https://electronjs.org/headers',
        ],
      ],
    ]
    const failures = []
    for (const [name, script, args] of attempts) {
      if (!script) {
        failures.push(`${name}: not found`)
        continue
      }
      const r = spawnSync(process.execPath, [script, ...args], { cwd: work, encoding: 'utf8', timeout: 10 * 60_000 })
      if (r.status === 0 && fs.existsSync(built)) {
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.copyFileSync(built, target)
        return target
      }
      failures.push(`${name}: ${lastLine(r.stderr || r.stdout || String(r.error ?? 'failed'))}`)
    }
    throw new Error(`could not prepare better-sqlite3 for Electron ${electronVersion} (${failures.join('; ')})`)
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}

/** node-gyp from the project, else the copy that ships inside npm. */
function nodeGyp(root) {
  try {
    return require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] })
  } catch {
    const bundled = path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    )
    return fs.existsSync(bundled) ? bundled : null
  }
}

function lastLine(text) {
  return text.trim().split('\n').filter(Boolean).pop() ?? ''
}

module.exports = { electronSqliteBinding }
