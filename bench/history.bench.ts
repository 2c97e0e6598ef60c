import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import type { Sequence, TreeNode } from '../src/core/types'
import { LabService } from '../src/main/services/lab-service'
import { openDatabase } from '../src/main/store/database'
import { listExperiments } from '../src/main/store/experiment-history'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun } from '../src/main/store/runs-repo'
import { startWebServer } from '../src/main/web/web-server'

const ROOT = path.resolve(__dirname, '..')
const RENDERER = path.join(ROOT, 'out/renderer')
const EXPERIMENTS = 10_000
const ROUNDS = 7
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

const TREE: TreeNode[] = ['', 'a', 'b'].map((text, i) => ({
  id: i,
  parent: i === 0 ? null : 0,
  tokenId: i === 0 ? null : i,
  text,
  prob: i === 0 ? 1 : 0.5,
  logProb: i === 0 ? 0 : Math.log(0.5),
  depth: i === 0 ? 0 : 1,
  rank: Math.max(0, i - 1),
  status: i === 2 ? 'candidate' : 'chosen',
  expanded: i === 0,
  otherMass: i === 0 ? 0 : null,
  entropy: i === 0 ? Math.log(2) : null,
  partial: false,
}))

const sequence = (tokens: string[], probability: number): Sequence => ({
  tokenIds: tokens.map((_, i) => i + 1),
  tokens,
  text: tokens.join(''),
  logProb: Math.log(probability),
  probability,
  finished: true,
  steps: [],
  nodeId: 1,
})

/** 10,000 experiments of a greedy and a beam-2 run, each with its sequences and a small tree, as the app stores them. */
function seed(file: string): void {
  const db = openDatabase(file)
  const words = ['the', 'cat', 'sat', 'on', 'a', 'mat', 'and', 'slept']
  db.transaction(() => {
    for (let e = 0; e < EXPERIMENTS; e++) {
      const exp = createExperiment(db, {
        modelId: e % 2 ? 'greedy-trap' : 'seed-weather',
        modelKind: 'table',
        vocabSize: 5,
        prompt: `prompt ${e}`,
        promptTokens: [],
        maxTokens: 8,
        topN: 3,
      })
      const greedy = createRun(db, exp, 0, { name: 'greedy', params: {} })
      finishRun(db, greedy, {
        status: 'done',
        elapsedMs: 1,
        result: { sequences: [sequence(words, 0.3)], tree: TREE, warnings: [] },
      })
      const beam = createRun(db, exp, 1, { name: 'beam', params: { width: 2 } })
      finishRun(db, beam, {
        status: 'done',
        elapsedMs: 1,
        result: { sequences: [sequence(words, 0.3), sequence(words.slice(0, 5), 0.4)], tree: TREE, warnings: [] },
      })
    }
  })()
  db.close()
}

/** The renderer as built, rebuilt when a source file is newer than the build. */
function ensureBuilt(): void {
  const index = path.join(RENDERER, 'index.html')
  const newest = (dir: string): number =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .reduce(
        (m, d) =>
          Math.max(m, d.isDirectory() ? newest(path.join(dir, d.name)) : fs.statSync(path.join(dir, d.name)).mtimeMs),
        0,
      )
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs > newest(path.join(ROOT, 'src'))) return
  const built = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: ROOT, encoding: 'utf8' },
  )
  if (built.status !== 0) throw new Error(`electron-vite build failed: ${built.stderr}`)
}

/**
 * One cold start: a new LabService opens its own connection on the file (schema check, interrupted
 * runs), browser mode serves it, and a tab of a fresh browser context (no cache, no storage) loads
 * the app. Timed to the first experiment row rendered in the page.
 */
async function coldStart(
  browser: Browser,
  db: string,
): Promise<{ ms: number; requestMs: number; requestToRowsMs: number; serverReadyMs: number; requestStartMs: number }> {
  // The browser's own tab, made before the clock starts: a new context has no cache and no storage.
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.addInitScript(() => localStorage.setItem('decoding-lab-welcomed', '1'))
  const t0 = performance.now()
  const service = new LabService(db, () => undefined)
  const server = await startWebServer(service, { rendererDir: RENDERER })
  const serverReadyMs = performance.now() - t0
  try {
    const navigated = performance.now()
    await page.goto(server.url, { waitUntil: 'commit' })
    // Polled every frame in the page, so that the frame with the first row is the one timed.
    const shown = await page.waitForFunction(
      () => document.querySelector('section[aria-label="history"] .experiment-row') !== null && performance.now(),
      undefined,
      { polling: 'raf' },
    )
    const ms = performance.now() - t0
    const rowsAt = (await shown.jsonValue()) as number
    // No named functions inside: tsx would wrap them in a helper that the page does not have.
    const list = await page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/api/experiments.list'))
      return entry ? { duration: entry.duration, startTime: entry.startTime } : null
    })
    if (!list) throw new Error('the page did not ask experiments.list')
    // The page's clock starts at its navigation, a little after `navigated`.
    const requestStartMs = navigated - t0 + list.startTime
    return { ms, requestMs: list.duration, requestToRowsMs: rowsAt - list.startTime, serverReadyMs, requestStartMs }
  } finally {
    await context.close()
    await server.close()
    await service.close()
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * history.experiments10kFirstRowsColdMs: from opening a new store connection on a file of 10,000
 * experiments, through browser mode's `experiments.list`, to the first rows rendered in headless
 * Chromium (a real browser, not the first page of rows returned). Median of 5 cold starts.
 */
export async function benchHistory(): Promise<Record<string, number>> {
  if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) return {}
  ensureBuilt()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-bench-history-'))
  const db = path.join(dir, 'lab.sqlite')
  const seedStart = performance.now()
  seed(db)
  const seedMs = performance.now() - seedStart

  // The store alone, cold: a new connection and the first page of 50.
  const storeTimes: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now()
    const conn = openDatabase(db)
    const { experiments } = listExperiments(conn, { limit: 50, offset: 0 })
    storeTimes.push(performance.now() - start)
    conn.close()
    if (experiments.length !== 50) throw new Error(`the first page held ${experiments.length} experiments, not 50`)
  }
  const lastPageStart = performance.now()
  const conn = openDatabase(db)
  listExperiments(conn, { limit: 50, offset: EXPERIMENTS - 50, strategy: 'beam', status: 'done' })
  const lastPageMs = performance.now() - lastPageStart
  conn.close()

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  try {
    const rounds: Awaited<ReturnType<typeof coldStart>>[] = []
    for (let i = 0; i < ROUNDS; i++) rounds.push(await coldStart(browser, db))
    return {
      'history.experiments': EXPERIMENTS,
      'history.seedMs': seedMs,
      'history.experiments10kFirstRowsColdMs': median(rounds.map((r) => r.ms)),
      'history.experiments10kFirstRowsColdFirstRoundMs': rounds[0].ms,
      'history.experiments10kListRequestMs': median(rounds.map((r) => r.requestMs)),
      // Where the cold start goes: the store and server up, then the page asks for the first page.
      'history.experiments10kServerReadyMs': median(rounds.map((r) => r.serverReadyMs)),
      'history.experiments10kRequestStartMs': median(rounds.map((r) => r.requestStartMs)),
      // What the history itself costs in the page: from asking for the first page to the frame that shows it.
      'history.experiments10kRequestToRowsMs': median(rounds.map((r) => r.requestToRowsMs)),
      'history.experiments10kStoreFirstPageColdMs': median(storeTimes),
      'history.experiments10kStoreLastPageFilteredColdMs': lastPageMs,
    }
  } finally {
    await browser.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
