import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { chromium, type Page } from 'playwright-core'
import type { Sequence, TreeNode } from '../src/core/types'
import { openDatabase } from '../src/main/store/database'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun } from '../src/main/store/runs-repo'
import { startWebApp } from '../e2e/web-app'
import { beamLikeTree } from './tree-render.bench'

const ROOT = path.resolve(__dirname, '..')
/** Beam width 16 with top-10 stored candidates, about 190 tokens deep: 30,000 nodes. */
const TREE_NODES = 30_000
const SEQUENCES = 20
const TOKENS = 256
// No frame-rate limit: requestAnimationFrame runs as soon as the last frame is done, so the gap
// between two callbacks is the real cost of a frame (input, script, style, layout, paint), not vsync.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-frame-rate-limit',
  '--disable-gpu-vsync',
]

/** One sampled sequence of `TOKENS` tokens, each with its four stored alternatives: the Text tab's input. */
function sampledRun(seed: number): { tree: TreeNode[]; best: Sequence } {
  const tree: TreeNode[] = []
  const node = (parent: TreeNode | null, rank: number, prob: number, status: TreeNode['status']): TreeNode => {
    const n: TreeNode = {
      id: tree.length,
      parent: parent?.id ?? null,
      tokenId: parent ? 1 + ((tree.length * 31 + seed) % 900) : null,
      text: parent ? `w${(tree.length * 7 + seed) % 500}${rank === 0 && tree.length % 9 === 0 ? '\n' : ' '}` : '',
      prob,
      logProb: (parent?.logProb ?? 0) + Math.log(prob),
      depth: parent ? parent.depth + 1 : 0,
      rank,
      status,
      expanded: false,
      otherMass: null,
      entropy: null,
      partial: false,
    }
    tree.push(n)
    return n
  }
  const probs = [0.4, 0.25, 0.15, 0.1, 0.05]
  let at = node(null, 0, 1, 'chosen')
  const path: TreeNode[] = []
  for (let i = 0; i < TOKENS; i++) {
    at.expanded = true
    at.entropy = 1.4
    at.otherMass = 0.05
    const pick = (i * 3 + seed) % probs.length
    const kids = probs.map((p, r) => node(at, r, p, r === pick ? 'chosen' : 'candidate'))
    at = kids[pick]
    path.push(at)
  }
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
      text: steps.map((s) => s.token).join(''),
      logProb,
      probability: Math.exp(logProb),
      finished: false,
      steps,
      nodeId: at.id,
    },
  }
}

/**
 * In the page: from the end of the experiment's response to the frame painted after `selector`
 * matches `count` elements (a MutationObserver sees them, and a second animation frame starts only
 * once the first one's paint is done).
 */
async function responseToPaint(page: Page, url: string, selector: string, count: number): Promise<number> {
  await page.addInitScript(`(() => {
    const observer = new MutationObserver(() => {
      if (document.querySelectorAll(${JSON.stringify(selector)}).length < ${count}) return
      observer.disconnect()
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__painted = performance.now() }))
    })
    window.__marks = []
    const probe = new MutationObserver(() => {
      for (const s of ['.workspace-tabs', '.text-view', 'figure.tree', '.tab-body .empty']) if (document.querySelector(s) && !window.__marks.some((m) => m[0] === s)) window.__marks.push([s, performance.now()])
    })
    document.addEventListener('DOMContentLoaded', () => probe.observe(document.body, { childList: true, subtree: true }))
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true }))
  })()`)
  // TREE_PROFILE=load writes a CPU profile of the page's load to /tmp/<selector's first word>.cpuprofile.
  const cdp = process.env.TREE_PROFILE === 'load' ? await page.context().newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  if (process.env.TREE_MARKS) page.on('console', (m) => console.error(m.text()))
  await page.goto(url)
  await page.waitForFunction(() => (window as unknown as { __painted?: number }).__painted !== undefined, undefined, {
    timeout: 60_000,
  })
  if (cdp)
    fs.writeFileSync(
      path.join('/tmp', `${selector.split(/[ .]/).filter(Boolean)[0]}.cpuprofile`),
      JSON.stringify((await cdp.send('Profiler.stop')).profile),
    )
  return page.evaluate<number>(`(() => {
    const entry = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/experiment.get')).pop()
    if (!entry) throw new Error('no experiment.get request')
    if (${JSON.stringify(!!process.env.TREE_MARKS)}) console.log(JSON.stringify({ start: entry.startTime, end: entry.responseEnd, painted: window.__painted, marks: window.__marks, perf: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]), res: performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.responseEnd)]) }))
    return window.__painted - entry.responseEnd
  })()`)
}

/**
 * The tree and Text tabs at full size, in headless Chromium against browser mode. The runs are
 * built directly (no model): a 30,000-node beam tree (beam 16, top-10) and 20 sampled sequences of
 * 256 tokens, stored with the app's own store functions, opened by URL (`#exp=…&tab=…`).
 */
export async function benchTreeScale(): Promise<Record<string, number>> {
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) return {}
  if (!process.env.BENCH_NO_BUILD) {
    const built = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      { cwd: ROOT, encoding: 'utf8' },
    )
    if (built.status !== 0) throw new Error(`electron-vite build failed: ${built.stderr}`)
  }
  const web = await startWebApp()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  try {
    const db = openDatabase(path.join(web.dir, 'lab.sqlite'))
    const big = beamLikeTree(TREE_NODES, 16, 10)
    const treeExp = createExperiment(db, {
      modelId: 'bench',
      modelKind: 'table',
      vocabSize: 1000,
      prompt: '',
      promptTokens: [],
      maxTokens: 200,
      topN: 10,
    })
    const treeRun = createRun(db, treeExp, 0, { name: 'beam', params: { width: 16 } })
    finishRun(db, treeRun, {
      status: 'done',
      elapsedMs: 1,
      tree: big.tree,
      result: { sequences: [big.best], tree: big.tree, warnings: [] },
    })
    const textExp = createExperiment(db, {
      modelId: 'bench',
      modelKind: 'table',
      vocabSize: 1000,
      prompt: '',
      promptTokens: [],
      maxTokens: TOKENS,
      topN: 5,
    })
    for (let i = 0; i < SEQUENCES; i++) {
      const run = sampledRun(i)
      const id = createRun(db, textExp, i, { name: 'sample', params: { temperature: 1 } })
      finishRun(db, id, {
        status: 'done',
        elapsedMs: 1,
        tree: run.tree,
        result: { sequences: [run.best], tree: run.tree, warnings: [] },
      })
    }
    db.close()
    const at = (exp: number, tab: string): string =>
      `${web.url}${web.url.includes('#') ? '&' : '#'}exp=${exp}&tab=${tab}`
    const viewport = { width: 1400, height: 1000 }

    // A first paint is the median of three fresh pages: on a shared 2-core machine one load can be twice another.
    const firstPaint = async (url: string, selector: string, count: number): Promise<{ ms: number; page: Page }> => {
      const times: number[] = []
      let page: Page | null = null
      for (let i = 0; i < 3; i++) {
        await page?.close()
        page = await browser.newPage({ viewport })
        await page.addInitScript(() => localStorage.setItem('decoding-lab-welcomed', '1'))
        times.push(await responseToPaint(page, url, selector, count))
      }
      times.sort((a, b) => a - b)
      return { ms: times[1], page: page as Page }
    }
    const figures: Record<string, number> = { 'tree30k.nodes': big.tree.length }
    const tree = await firstPaint(at(treeExp, 'tree'), 'figure.tree .tree-node', 1)
    const treePage = tree.page
    figures['tree30k.firstPaintMs'] = tree.ms
    if (process.env.TREE_SHOTS) await treePage.screenshot({ path: path.join(process.env.TREE_SHOTS, 'tree30k.png') })
    figures['tree30k.shapesDrawn'] = await treePage.locator('figure.tree .tree-node').count()
    figures['tree30k.labelsDrawn'] = await treePage.locator('figure.tree .tree-label').count()
    // A drag of 2,400 px with one mouse move per frame (far enough to leave the drawn region, so
    // that shapes are drawn anew at least once); the median and the longest gap between frames.
    const panCdp = process.env.TREE_PROFILE === 'pan' ? await treePage.context().newCDPSession(treePage) : null
    if (panCdp) {
      await panCdp.send('Profiler.enable')
      await panCdp.send('Profiler.setSamplingInterval', { interval: 200 })
      await panCdp.send('Profiler.start')
    }
    const pan = await treePage.evaluate<{
      median: number
      max: number
      over: number
      top: number[]
    }>(`new Promise((resolve) => {
      const svg = document.querySelector('figure.tree svg.tree-canvas')
      const box = svg.getBoundingClientRect()
      const point = (i) => ({ clientX: box.left + 600 - i * 8, clientY: box.top + 300 + (i % 40) * 4 - 80, bubbles: true, view: window })
      svg.dispatchEvent(new MouseEvent('mousedown', { ...point(0), button: 0, buttons: 1 }))
      const stamps = []
      let i = 0
      const step = (now) => {
        stamps.push(now)
        if (++i > 300) {
          window.dispatchEvent(new MouseEvent('mouseup', { ...point(i), button: 0 }))
          const gaps = stamps.slice(1).map((t, k) => t - stamps[k]).sort((a, b) => a - b)
          resolve({ median: gaps[Math.floor(gaps.length / 2)], max: gaps[gaps.length - 1], over: gaps.filter((g) => g > 16).length, top: gaps.slice(-6) })
          return
        }
        window.dispatchEvent(new MouseEvent('mousemove', { ...point(i), buttons: 1 }))
        requestAnimationFrame(step)
      }
      requestAnimationFrame(step)
    })`)
    if (panCdp) fs.writeFileSync('/tmp/pan.cpuprofile', JSON.stringify((await panCdp.send('Profiler.stop')).profile))
    figures['tree30k.shapesDrawnAfterPan'] = await treePage.locator('figure.tree .tree-node').count()
    figures['tree30k.panFrameMs'] = pan.median
    figures['tree30k.panFrameMaxMs'] = pan.max
    figures['tree30k.panFramesOver16Ms'] = pan.over
    if (process.env.TREE_MARKS) console.error('longest pan frames', pan.top)
    if (process.env.TREE_SHOTS)
      await treePage.screenshot({ path: path.join(process.env.TREE_SHOTS, 'tree30k-panned.png') })
    const moved = await treePage.locator('figure.tree .tree-layer').getAttribute('transform')
    if (!moved || moved === 'translate(0,0) scale(1)') throw new Error(`the pan did not move the tree (${moved})`)

    // The Text tab paints the sequences in sight first (four, more than a pane holds) and the rest just after.
    // Selecting a node, and showing every candidate (Focus off: all 30,000 nodes laid out), each to its painted frame.
    const toFrame = (action: string): Promise<number> =>
      treePage.evaluate<number>(`new Promise((resolve) => {
        const t0 = performance.now()
        ${action}
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)))
      })`)
    await treePage.getByRole('button', { name: 'Reset', exact: true }).click()
    figures['tree30k.selectMs'] = await toFrame(
      `document.querySelector('figure.tree .tree-node[data-status="chosen"] circle:last-child').dispatchEvent(new MouseEvent('click', { bubbles: true }))`,
    )
    if ((await treePage.locator('figure.tree .tree-selected-ring').count()) !== 1)
      throw new Error('the click selected no node')
    figures['tree30k.unfocusedMs'] = await toFrame(
      `document.querySelector('figure.tree .tree-view-buttons input[type="checkbox"]').click()`,
    )
    figures['tree30k.unfocusedShapesDrawn'] = await treePage.locator('figure.tree .tree-node').count()

    const text = await firstPaint(at(textExp, 'text'), '.text-view .text-sequence', 4)
    const textPage = text.page
    figures['text.firstPaintMs'] = text.ms
    await textPage
      .locator('.text-view .text-sequence')
      .nth(SEQUENCES - 1)
      .waitFor()
    if (process.env.TREE_SHOTS)
      await textPage.screenshot({ path: path.join(process.env.TREE_SHOTS, 'text-20x256.png') })
    figures['text.tokensDrawn'] = await textPage.locator('.text-view .tok').count()
    return figures
  } finally {
    await browser.close()
    await web.stop()
  }
}

if (process.argv[1] && process.argv[1].endsWith('tree-scale.bench.ts')) {
  void benchTreeScale().then((f) => {
    for (const [k, v] of Object.entries(f)) console.log(`${k.padEnd(36)} ${v.toFixed(3)}`)
  })
}
