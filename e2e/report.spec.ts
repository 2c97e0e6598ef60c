import { expect, test, type Page } from '@playwright/test'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseReport } from '../src/core/report/json-schema'
import { treeSvg } from '../src/core/report/svg-tree'
import { main } from '../src/main/cli/main'
import { HOSTILE_TOKENS, writeHostileTable } from '../src/main/report/testing/hostile-table'

/** HOSTILE_TOKENS as a reader sees them: markup as text, invisible characters as escapes. */
const SHOWN = [...HOSTILE_TOKENS.slice(0, 4), '\\u{202e}evil', 'nul\\u{0}bell\\u{7}', 'half\\u{fffd}']
expect(SHOWN).toHaveLength(HOSTILE_TOKENS.length)

const SHOTS = path.resolve(__dirname, '../test-results/screenshots')

let dir: string
test.beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-report-'))
})
test.afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

/** The CLI in-process; throws with its stderr unless it exits 0. */
async function cli(...argv: string[]): Promise<string> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += t), live: false })
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code}: ${err}`)
  return out
}

/** Everything the page tried to do that a self-contained, script-free report must not. */
function watch(page: Page): { errors: string[]; requests: string[]; dialogs: string[] } {
  const seen = { errors: [] as string[], requests: [] as string[], dialogs: [] as string[] }
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(m.text())
  })
  page.on('pageerror', (e) => seen.errors.push(String(e)))
  page.on('request', (r) => seen.requests.push(r.url()))
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message())
    void d.dismiss()
  })
  return seen
}

test('an HTML report of seed-weather shows 0.432 and the tree, offline, with no errors and no requests', async ({
  page,
}) => {
  const db = path.join(dir, 'lab.sqlite')
  await cli(
    'run',
    '--model',
    'seed-weather',
    '--strategy',
    'greedy',
    '--strategy',
    'beam:width=2',
    '--strategy',
    'nucleus:p=0.9,seed=7',
    '--db',
    db,
  )
  const out = path.join(dir, 'report.html')
  await cli('export', 'exp:1', '--format', 'html', '--out', out, '--db', db)
  const seen = watch(page)
  const url = pathToFileURL(out).href
  await page.goto(url)

  await expect(page.locator('.chain-rule li').first()).toHaveText(
    'run 1 greedy: P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432',
  )
  await expect(page.locator('table.compare tbody tr').first().locator('td').nth(2)).toHaveText('0.432')
  const greedyTree = page.locator('section.run-tree').first()
  await expect(greedyTree.locator('h2')).toHaveText('Tree of run 1 greedy')
  // On screen the tree is one figure; its printed pieces are hidden (and tested in pdf-scale.test.ts).
  await expect(greedyTree.locator('.tree-pages')).toBeHidden()
  const greedyFigure = greedyTree.locator('figure.tree-figure')
  // Root; 天, 好; 天's 气, 好; 气's 好, <end>; 好's <end>: eight nodes, four of them chosen.
  await expect(greedyFigure.locator('.tree-node')).toHaveCount(8)
  await expect(greedyFigure.locator('.tree-node[data-status="chosen"]')).toHaveCount(5)
  await expect(greedyFigure.locator('[data-status="chosen"] > text').getByText('气 0.9', { exact: true })).toHaveCount(
    1,
  )
  await expect(
    greedyFigure.locator('[data-status="candidate"] > text').getByText('好 0.4', { exact: true }),
  ).toHaveCount(1)
  await expect(page.locator('svg.chart')).toHaveCount(2)
  await expect(page.locator('dl.meta')).toContainText('seed-weather (table, 5 tokens)')
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, 'report-seed-weather.png'), fullPage: true })

  expect(seen.errors).toEqual([])
  expect(seen.requests).toEqual([url])
  expect(seen.dialogs).toEqual([])
})

test('hostile tokens show as text in the HTML report and in the tree SVG, and no script runs', async ({ page }) => {
  const model = path.join(dir, 'hostile.json')
  writeHostileTable(model)
  const db = path.join(dir, 'lab.sqlite')
  await cli('run', '--model', model, '--strategy', 'greedy', '--db', db)
  const html = path.join(dir, 'report.html')
  await cli('export', 'run:1', '--format', 'html', '--out', html, '--db', db)
  const json = path.join(dir, 'report.json')
  await cli('export', 'run:1', '--format', 'json', '--out', json, '--db', db)
  const svg = path.join(dir, 'tree.svg')
  fs.writeFileSync(svg, treeSvg(parseReport(fs.readFileSync(json, 'utf8')).runs[0].tree))
  expect(fs.readFileSync(html, 'utf8')).not.toMatch(/<script|<img/i)

  const seen = watch(page)
  await page.goto(pathToFileURL(html).href)
  const first = page.locator('table.compare tbody tr').first()
  const tokens = first.locator('.tok')
  await expect(tokens).toHaveText([...SHOWN, '</s>'])
  await expect(tokens.nth(4).locator('.esc')).toHaveText('\\u{202e}')
  await expect(page.locator('img, script, iframe, object')).toHaveCount(0)
  const treeText = await page.locator('svg.tree').first().textContent()
  for (const t of ['<img src=x onerror=alert(1)> 0.9', '</svg> 0.9', '\\u{202e}evil 0.9']) expect(treeText).toContain(t)
  await page.screenshot({ path: path.join(SHOTS, 'report-hostile.png'), fullPage: true })

  await page.goto(pathToFileURL(svg).href)
  await expect(page.locator(':root')).toHaveClass('tree')
  await expect(page.locator('img, script, foreignObject')).toHaveCount(0)
  const chosen = await page.locator('.tree-node[data-status="chosen"] > text').allTextContents()
  expect(chosen).toEqual(['(prompt)', ...SHOWN.map((t) => `${t} 0.9`), '</s> 1.0'])
  expect(seen.errors).toEqual([])
  expect(seen.dialogs).toEqual([])
})
