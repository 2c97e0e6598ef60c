// `npm run package`: the desktop app as a folder beside the project (dist/decoding-lab-<platform>-<arch>):
// Electron's own distribution, the built app in resources/app, and the fuses of scripts/electron-fuses.mjs
// flipped on the copied binary. Electron's binary must have been downloaded (npm start does that once).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { applyFuses } from './electron-fuses.mjs'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const electronDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }))
const pathFile = path.join(electronDir, 'path.txt')
if (!fs.existsSync(pathFile)) {
  console.error("package: Electron's binary is not downloaded; run npm start once on a machine with internet")
  process.exit(2)
}
const out = path.join(root, 'dist', `decoding-lab-${process.platform}-${process.arch}`)
fs.rmSync(out, { recursive: true, force: true })
fs.cpSync(path.join(electronDir, 'dist'), out, { recursive: true, verbatimSymlinks: true })
execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
const app = path.join(out, process.platform === 'darwin' ? 'Electron.app/Contents/Resources/app' : 'resources/app')
fs.mkdirSync(app, { recursive: true })
fs.cpSync(path.join(root, 'out'), path.join(app, 'out'), { recursive: true })
fs.cpSync(path.join(root, 'resources'), path.join(app, 'resources'), { recursive: true })
fs.copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'))
fs.copyFileSync(path.join(root, 'package-lock.json'), path.join(app, 'package-lock.json'))
execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: app, stdio: 'inherit' })
const binary = path.join(out, fs.readFileSync(pathFile, 'utf8'))
await applyFuses(binary)
console.log(`packaged ${out} (fuses: RunAsNode, NODE_OPTIONS and inspector arguments off)`)
