import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { chromium } from 'playwright-core'
import type { Sequence, TreeNode } from '../src/core/types'
import { openDatabase } from '../src/main/store/database'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun } from '../src/main/store/runs-repo'
import { layoutTree } from '../src/renderer/src/tree/tree-layout'
import { expansionPlan, stepState } from '../src/renderer/src/tree/tree-steps'
import { startWebApp } from '../e2e/web-app'
import { medianMs } from './measure'

const ROOT = path.resolve(__dirname, '..')
const NODES = 5_000
const WIDTH = 8
const TOP_N = 10
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

/**
 * A beam search of width 8 (or `width`) with 10 (or `topN`) stored candidates per expansion,
 * stopped at 5,000 (or `nodes`) nodes: the shape a real large run has, built directly.
 */
export function beamLikeTree(nodes = NODES, width = WIDTH, topN = TOP_N): { tree: TreeNode[]; best: Sequence } {
  const probs = [0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02].slice(0, topN)
  const entropy = -probs.reduce((a, p) => a + p * Math.log(p), 0)
  const tree: TreeNode[] = []
  const add = (parent: TreeNode | null, rank: number): TreeNode => {
    const prob = parent ? probs[rank] : 1
    const node: TreeNode = {
      id: tree.length,
      parent: parent?.id ?? null,
      tokenId: parent ? rank + 1 : null,
      text: parent ? `tok${(tree.length * 7919) % 997}` : '',
      prob,
      logProb: (parent?.logProb ?? 0) + Math.log(prob),
      depth: parent ? parent.depth + 1 : 0,
      rank,
      status: 'candidate',
      expanded: false,
      otherMass: null,
      entropy: null,
      partial: false,
    }
    tree.push(node)
    return node
  }
  let beam = [add(null, 0)]
  while (tree.length + beam.length * topN <= nodes) {
    const pool: TreeNode[] = []
    for (const b of beam) {
      b.expanded = true
      b.entropy = entropy
      b.otherMass = 0
      for (let k = 0; k < topN; k++) pool.push(add(b, k))
    }
    pool.sort((a, b) => b.logProb - a.logProb)
    beam = pool.slice(0, width)
    for (const n of pool.slice(width)) n.status = 'pruned'
    for (const n of beam) n.status = 'kept'
  }
  // Up to the exact size: the last beam's next candidates, as a run stopped mid-expansion stores them.
  for (let k = 0; tree.length < nodes; k++) add(beam[k % beam.length], Math.floor(k / beam.length) % topN)
  const path: TreeNode[] = []
  for (let n: TreeNode | undefined = beam[0]; n && n.parent !== null; n = tree[n.parent]) {
    n.status = 'chosen'
    path.unshift(n)
  }
  tree[0].status = 'chosen'
  const steps = path.map((n) => ({
    tokenId: n.tokenId as number,
    token: n.text,
    prob: n.prob,
    logProb: Math.log(n.prob),
  }))
  const logProb = steps.reduce((a, s) => a + s.logProb, 0)
  return {
    tree,
    best: {
      tokenIds: steps.map((s) => s.tokenId),
      tokens: steps.map((s) => s.token),
      text: steps.map((s) => s.token).join(' '),
      logProb,
      probability: Math.exp(logProb),
      finished: false,
      steps,
      nodeId: beam[0].id,
    },
  }
}

/**
 * The tree view on a 5,000-node beam tree: the d3-hierarchy layout and the step-through state in
 * Node, then, in headless Chromium against browser mode, the time from opening the run in history
 * to the tree drawn (target < 1 s) and the cost of one pan update.
 */
export async function benchTreeRender(): Promise<Record<string, number>> {
  const { tree, best } = beamLikeTree()
  const figures: Record<string, number> = {
    'tree.nodes': tree.length,
    'tree.layoutMs': medianMs(() => void layoutTree(tree, new Set())),
    'tree.expansionPlanMs': medianMs(() => void expansionPlan(tree)),
    'tree.stepStateMs': medianMs(() => void stepState(tree, expansionPlan(tree), 100)),
  }
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return figures
  const built = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    { cwd: ROOT, encoding: 'utf8' },
  )
  if (built.status !== 0) throw new Error(`electron-vite build failed: ${built.stderr}`)

  const web = await startWebApp()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  try {
    // The server has created the database; a second connection adds the run (WAL allows it).
    const db = openDatabase(path.join(web.dir, 'lab.sqlite'))
    const exp = createExperiment(db, {
      modelId: 'bench',
      modelKind: 'table',
      vocabSize: 1000,
      prompt: '',
      promptTokens: [],
      maxTokens: 64,
      topN: TOP_N,
    })
    const run = createRun(db, exp, 0, { name: 'beam', params: { width: WIDTH } })
    finishRun(db, run, { status: 'done', elapsedMs: 1, tree, result: { sequences: [best], tree, warnings: [] } })
    db.close()

    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } })
    // Opening an experiment keeps the tab in the URL: the run opens on the Tree tab.
    await page.goto(`${web.url}${web.url.includes('#') ? '&' : '#'}tab=tree`)
    const open = page.getByRole('button', { name: `open experiment ${exp}`, exact: true })
    await open.waitFor()
    // Timed inside the page, from the click to the second frame after the first node shows, so that
    // Playwright's own round trips do not count; the request's share is taken from its resource entry.
    const cdp = process.env.TREE_PROFILE ? await page.context().newCDPSession(page) : null
    if (cdp) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.start')
    }
    const timing = await page.evaluate<{ total: number; request: number }>(`new Promise((resolve) => {
      const button = [...document.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === 'open experiment ${exp}')
      const t0 = performance.now()
      const done = () => requestAnimationFrame(() => requestAnimationFrame(() => {
        const entry = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/experiment.get')).pop()
        resolve({ total: performance.now() - t0, request: entry ? entry.responseEnd - t0 : -1 })
      }))
      const observer = new MutationObserver(() => {
        if (document.querySelector("figure.tree .tree-node")) {
          window.__firstNode = performance.now() - t0
          observer.disconnect()
          done()
        }
      })
      observer.observe(document.body, { childList: true, subtree: true })
      button.click()
    })`)
    if (cdp) fs.writeFileSync('/tmp/tree.cpuprofile', JSON.stringify((await cdp.send('Profiler.stop')).profile))
    figures['tree.firstRenderMs'] = timing.total
    figures['tree.firstRenderAfterResponseMs'] = timing.total - timing.request
    figures['tree.experimentRequestMs'] = timing.request
    figures['tree.firstNodeMs'] = await page.evaluate<number>('window.__firstNode')
    figures['tree.shapesDrawn'] = await page.locator('figure.tree .tree-node').count()

    // One pan: a mouse drag of 40 moves, each awaited to the next painted frame.
    // Passed as source text: tsx would wrap named functions in a helper the page does not have.
    figures['tree.panFrameMs'] = await page.evaluate<number>(`(async () => {
      const svg = document.querySelector('figure.tree svg.tree-canvas')
      const box = svg.getBoundingClientRect()
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
      // d3-zoom listens for mousedown on the SVG, then for moves and the release on the window.
      const at = (target, type, i, buttons) =>
        target.dispatchEvent(new MouseEvent(type, { bubbles: true, view: window, clientX: box.left + 400 + i * 5, clientY: box.top + 300 + i * 3, button: 0, buttons }))
      at(svg, 'mousedown', 0, 1)
      const start = performance.now()
      for (let i = 1; i <= 40; i++) {
        at(window, 'mousemove', i, 1)
        await frame()
      }
      at(window, 'mouseup', 40, 0)
      return (performance.now() - start) / 40
    })()`)
    figures['tree.labelsDrawn'] = await page.locator('figure.tree .tree-label').count()
    return figures
  } finally {
    await browser.close()
    await web.stop()
  }
}
