import { expect, test } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { main } from '../src/main/cli/main'

const SHOTS = path.resolve(__dirname, '../test-results/screenshots')

async function cli(...argv: string[]): Promise<string> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += t), live: false })
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}: ${err}`)
  return out
}

let dir: string
test.beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-report-scale-'))
})
test.afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

test('the HTML report of a 48-token beam-4 run on tang-poems opens on the focused tree, which scrolls inside its figure', async ({
  page,
}) => {
  const db = path.join(dir, 'lab.sqlite')
  await cli(
    'run',
    '--model',
    'tang-poems',
    '--prompt',
    '床前明月光，',
    '--strategy',
    'beam:width=4',
    '--strategy',
    'nucleus:p=0.9,seed=1',
    '--max-tokens',
    '48',
    '--db',
    db,
  )
  const out = path.join(dir, 'report.html')
  await cli('export', 'exp:1', '--format', 'html', '--out', out, '--db', db)
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.goto(pathToFileURL(out).href)

  // The first figure of the document is the beam's focused tree, ahead of every table and chart.
  const first = page.locator('figure').first()
  await expect(first).toHaveClass('tree-figure')
  await expect(first.locator('svg.tree')).toHaveAttribute(
    'aria-label',
    'probability tree of run 1 beam:width=4,lengthPenalty=0',
  )
  const firstTable = await page.evaluate(() => {
    const fig = document.querySelector('figure')!
    const table = document.querySelector('table.strategies')!
    return Boolean(fig.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING)
  })
  expect(firstTable).toBe(true)

  // Focused: the chosen paths and kept beams, other candidates folded into "+N more (p = …)".
  const nodes = first.locator('.tree-node')
  const folds = first.locator('.tree-node.fold')
  expect(await folds.count()).toBeGreaterThan(20)
  await expect(folds.first().locator('text')).toHaveText(/^\+\d+ more \(p = [\d.e-]+\)$/)
  expect(await nodes.count()).toBeLessThan(400)
  expect(await first.locator('.tree-node[data-status="candidate"]:not(.fold)').count()).toBe(0)
  // The newline token the poem's lines end with shows as ⏎.
  expect(await first.locator('.tree-node .esc').filter({ hasText: '⏎' }).count()).toBeGreaterThan(0)

  // The tree is wider than the page and scrolls inside its box; the page itself does not scroll sideways.
  const box = first.locator('.tree-box')
  const sizes = await box.evaluate((el) => ({
    overflow: getComputedStyle(el).overflowX,
    scrollWidth: el.scrollWidth,
    clientWidth: el.clientWidth,
    pageWidth: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }))
  expect(sizes.overflow).toBe('auto')
  expect(sizes.scrollWidth).toBeGreaterThan(3 * sizes.clientWidth)
  expect(sizes.pageWidth).toBeLessThanOrEqual(sizes.viewport)
  await box.evaluate((el) => el.scrollBy(1500, 0))
  expect(await box.evaluate((el) => el.scrollLeft)).toBe(1500)
  await expect(page.locator('.tree-pages').first()).toBeHidden()
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, 'report-tang-html.png') })
})
