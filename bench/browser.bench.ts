import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import type { TreeNode } from '../src/core/types'
import { openDatabase } from '../src/main/store/database'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun } from '../src/main/store/runs-repo'

const ROOT = path.resolve(__dirname, '..')
const RUNS = 10_000
const RUNS_PER_EXPERIMENT = 4
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

/** A four-node greedy tree, enough for every run to be a real stored run. */
const TREE: TreeNode[] = ['', 'a', 'b', 'c'].map((text, i) => ({
  id: i,
  parent: i === 0 ? null : 0,
  tokenId: i === 0 ? null : i,
  text,
  prob: i === 0 ? 1 : 1 / 3,
  logProb: i === 0 ? 0 : Math.log(1 / 3),
  depth: i === 0 ? 0 : 1,
  rank: Math.max(0, i - 1),
  status: i === 1 ? 'chosen' : i === 0 ? 'chosen' : 'candidate',
  expanded: i === 0,
  otherMass: i === 0 ? 0 : null,
  entropy: i === 0 ? Math.log(3) : null,
  partial: false,
}))

function seed(file: string): void {
  const db = openDatabase(file)
  db.transaction(() => {
    for (let e = 0; e < RUNS / RUNS_PER_EXPERIMENT; e++) {
      const exp = createExperiment(db, {
        modelId: 'seed-weather',
        modelKind: 'table',
        vocabSize: 5,
        prompt: `prompt ${e}`,
        promptTokens: [],
        maxTokens: 32,
        topN: 10,
      })
      for (let r = 0; r < RUNS_PER_EXPERIMENT; r++) {
        const run = createRun(db, exp, r, { name: 'greedy', params: {} })
        finishRun(db, run, { status: 'done', elapsedMs: 1, tree: TREE })
      }
    }
  })()
  db.close()
}

/** Starts browser mode on `db`; resolves with its URL and the milliseconds until it printed it. */
function startWeb(db: string, home: string): Promise<{ url: string; ms: number; stop: () => void }> {
  const start = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/web/web-main.ts', '--db', db], {
    cwd: ROOT,
    env: { ...process.env, DECODING_LAB_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const m = /running at (http:\/\/\S+)/.exec(out)
      if (m) resolve({ url: m[1], ms: performance.now() - start, stop: () => child.kill('SIGTERM') })
    })
    child.on('exit', (code) => reject(new Error(`browser mode exited with ${code}: ${out}`)))
  })
}

/**
 * Browser mode in headless Chromium on a database of 10,000 runs: the server's start, the page's
 * cold start to an interactive compose form, the first rows of history, and the last page of history.
 */
export async function benchBrowser(): Promise<Record<string, number>> {
  if (!fs.existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) return {}
  const built = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: ROOT, encoding: 'utf8' },
  )
  if (built.status !== 0) throw new Error(`electron-vite build failed: ${built.stderr}`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-bench-web-'))
  const db = path.join(dir, 'lab.sqlite')
  const seedStart = performance.now()
  seed(db)
  const seedMs = performance.now() - seedStart
  const web = await startWeb(db, dir)
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  try {
    const page = await browser.newPage()
    const t0 = performance.now()
    await page.goto(web.url)
    await page.locator('select[aria-label="model"] option').first().waitFor({ state: 'attached' })
    await page.locator('form.compose:not(.sweep-form) button[type="submit"]:enabled').waitFor()
    const interactiveMs = performance.now() - t0
    await page.locator('section[aria-label="history"] .experiment-row').first().waitFor()
    const firstRowsColdMs = performance.now() - t0

    // Warm: the page is cached, the server is up; what a user sees opening the app again.
    // Measured in the page's own clock, from the start of navigation to the frame that has the rows.
    await page.reload({ waitUntil: 'commit' })
    const rows = await page.waitForFunction(
      () => document.querySelector('section[aria-label="history"] .experiment-row') !== null && performance.now(),
      undefined,
      { polling: 'raf' },
    )
    const firstRowsMs = (await rows.jsonValue()) as number
    // No named functions inside: tsx would wrap them in a helper that the page does not have.
    const timing = await page.evaluate(() => ({
      domContentLoaded:
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
          ?.domContentLoadedEventEnd ?? -1,
      listMs:
        performance.getEntriesByType('resource').find((r) => r.name.endsWith('/api/experiments.list'))?.duration ?? -1,
      listStart:
        performance.getEntriesByType('resource').find((r) => r.name.endsWith('/api/experiments.list'))?.startTime ?? -1,
    }))

    // The end of history: the page of the oldest experiments, asked the way the history view asks.
    const lastPageMs = await page.evaluate(async (total) => {
      const token = sessionStorage.getItem('decoding-lab-token') ?? ''
      const start = performance.now()
      const res = await fetch('/api/experiments.list', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lab-token': token },
        body: JSON.stringify({ limit: 50, offset: total - 50 }),
      })
      const body = (await res.json()) as { ok: boolean; result: { experiments: unknown[] } }
      if (!body.ok || body.result.experiments.length !== 50) throw new Error('the last page of history did not load')
      return performance.now() - start
    }, RUNS / RUNS_PER_EXPERIMENT)
    return {
      'web.runs': RUNS,
      'web.seedMs': seedMs,
      'web.serverStartMs': web.ms,
      'web.coldStartToInteractiveMs': interactiveMs,
      'web.historyFirstRowsColdMs': firstRowsColdMs,
      'web.historyFirstRowsMs': firstRowsMs,
      'web.reloadDomContentLoadedMs': timing.domContentLoaded,
      'web.historyRequestMs': timing.listMs,
      // What the history view itself costs: from asking for the newest page to the frame that shows it.
      'web.historyRequestToRowsMs': firstRowsMs - timing.listStart,
      'web.historyLastPageMs': lastPageMs,
    }
  } finally {
    await browser.close()
    web.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
