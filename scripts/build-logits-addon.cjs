#!/usr/bin/env node
// Builds src/main/models/gguf-logits/logits-addon.cc against the llama.cpp headers of the source that
// node-llama-cpp ships (its git bundle) and the libllama of its prebuilt binaries. Takes seconds.
// With --optional (npm's postinstall) a failure is one warning line: GGUF models then work through
// node-llama-cpp's slower probability Map.
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const optional = process.argv.includes('--optional')
const root = path.join(__dirname, '..')

function fail(message) {
  if (optional) {
    console.warn(`decoding-lab: fast GGUF distributions not built (${message}); GGUF models still work, more slowly`)
    process.exit(0)
  }
  console.error(`error: ${message}`)
  process.exit(1)
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts })
}

let nlc
try {
  nlc = path.dirname(path.dirname(require.resolve('node-llama-cpp', { paths: [root] })))
} catch {
  fail('node-llama-cpp is not installed: run npm ci first')
}
const target = `${process.platform}-${process.arch}`
if (process.platform !== 'linux') fail(`only Linux builds are set up, not ${target}`)
const bins = path.join(nlc, '..', '@node-llama-cpp', target, 'bins', target)
const libllama = fs.existsSync(bins)
  ? fs.readdirSync(bins).find((f) => /^libllama(\.v[\d.]+)?\.so$/.test(f))
  : undefined
if (!libllama) fail(`no prebuilt libllama in ${bins}`)
const bundle = path.join(nlc, 'llama', 'gitRelease.bundle')
if (!fs.existsSync(bundle)) fail(`${bundle} is missing`)
const nodeHeaders = [path.join(path.dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node'].find(
  (d) => fs.existsSync(path.join(d, 'node_api.h')),
)
if (!nodeHeaders) fail("Node's headers (node_api.h) are not installed")
let addonApi
try {
  addonApi = path.dirname(require.resolve('node-addon-api/package.json', { paths: [nlc, root] }))
} catch {
  fail('node-addon-api is not installed')
}
for (const tool of ['git', 'g++']) {
  try {
    run(tool, ['--version'])
  } catch {
    fail(`${tool} is needed (apt-get install -y ${tool})`)
  }
}

// DECODING_LAB_LOGITS_ADDON, which the loader honours too, builds it elsewhere (a worktree sharing node_modules).
const out = process.env.DECODING_LAB_LOGITS_ADDON || path.join(nlc, '..', '.decoding-lab', 'logits-addon.node')
const outDir = path.dirname(out)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-logits-'))
try {
  const git = path.join(work, 'src.git')
  run('git', ['clone', '-q', '--bare', bundle, git])
  const include = path.join(work, 'include')
  fs.mkdirSync(include)
  const headers = run('git', ['--git-dir', git, 'ls-tree', '--name-only', 'HEAD', 'include/', 'ggml/include/'])
    .toString()
    .split('\n')
    .filter((f) => f.endsWith('.h'))
  for (const file of headers)
    fs.writeFileSync(path.join(include, path.basename(file)), run('git', ['--git-dir', git, 'show', `HEAD:${file}`]))
  fs.mkdirSync(outDir, { recursive: true })
  const source = path.join(root, 'src', 'main', 'models', 'gguf-logits', 'logits-addon.cc')
  // NAPI_VERSION as in node-llama-cpp's CMakeLists.txt, so that its class layout is the one compiled into its addon.
  run('g++', [
    '-std=c++17',
    '-O2',
    '-shared',
    '-fPIC',
    '-DNAPI_VERSION=7',
    '-DNAPI_DISABLE_CPP_EXCEPTIONS',
    '-I',
    include,
    '-I',
    path.join(nlc, 'llama', 'addon'),
    '-I',
    addonApi,
    '-I',
    nodeHeaders,
    source,
    '-o',
    `${out}.tmp`,
    '-L',
    bins,
    `-l:${libllama}`,
  ])
  fs.renameSync(`${out}.tmp`, out)
  console.log(out)
} catch (err) {
  fail(
    String(err.stderr || err.message)
      .trim()
      .split('\n')
      .slice(-3)
      .join(' '),
  )
} finally {
  fs.rmSync(work, { recursive: true, force: true })
}
