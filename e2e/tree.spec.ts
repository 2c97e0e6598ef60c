import type { Locator, Page } from '@playwright/test'
import fs from 'node:fs'
import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

/** Decodes `model` with greedy and, when given, beam of that width; waits for the comparison table, then shows the Tree tab. */
async function decode(page: Page, model: string, beamWidth?: number): Promise<void> {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption(model)
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('greedy')
  if (beamWidth !== undefined) {
    await page.getByRole('button', { name: 'Add strategy' }).click()
    await boxes.nth(1).getByLabel('strategy', { exact: true }).selectOption('beam')
    await boxes.nth(1).getByLabel('beam width').fill(String(beamWidth))
  }
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(beamWidth === undefined ? 1 : 3)
  await openTab(page, 'Tree')
}

/** "label:status" of every node drawn in the tree, sorted (labels are "(prompt)" or "token prob"). */
async function drawn(tree: Locator): Promise<string[]> {
  const pairs = await tree
    .locator('.tree-label')
    .evaluateAll((gs) => gs.map((g) => `${g.textContent}:${g.getAttribute('data-status')}`))
  return pairs.sort()
}

test('step through a beam search one expansion at a time, by buttons, slider and keys', async ({ page }) => {
  await decode(page, 'greedy-trap', 2)
  await page.getByRole('tab', { name: /beam/ }).click()
  const tree = page.getByLabel('probability tree', { exact: true })
  const canvas = tree.locator('svg.tree-canvas')
  const status = tree.locator('output')
  await expect(status).toHaveText('Step 5 of 5 · expanded cat')

  await canvas.focus()
  await canvas.press('Home')
  await expect(status).toHaveText('Step 0 of 5 · before the first expansion')
  expect(await drawn(tree)).toEqual(['(prompt):kept'])

  await canvas.press('ArrowRight')
  await expect(status).toHaveText('Step 1 of 5 · expanded (prompt)')
  expect(await drawn(tree)).toEqual(['(prompt):kept', 'a 0.45:kept', 'the 0.55:kept'])

  await tree.getByRole('button', { name: 'Next step' }).click()
  await expect(status).toHaveText('Step 2 of 5 · expanded the')
  expect(await drawn(tree)).toEqual([
    '(prompt):kept',
    'a 0.45:kept',
    'bird 0.3:candidate',
    'cat 0.4:candidate',
    'dog 0.3:candidate',
    'the 0.55:kept',
  ])

  // Round two ends: "a cat" (0.405) and "the cat" (0.22) stay, the three others are pruned.
  await tree.getByRole('button', { name: 'Next step' }).click()
  await expect(status).toHaveText('Step 3 of 5 · expanded a')
  expect(await drawn(tree)).toEqual([
    '(prompt):kept',
    'a 0.45:kept',
    'bird 0.3:pruned',
    'cat 0.4:kept',
    'cat 0.9:kept',
    'dog 0.1:pruned',
    'dog 0.3:pruned',
    'the 0.55:kept',
  ])
  await shot(page, 'tree-step-3-of-5')

  await tree.getByLabel('step', { exact: true }).fill('4')
  await expect(status).toHaveText('Step 4 of 5 · expanded cat')
  await expect(tree.locator('.tree-label', { hasText: '</s> 1.0' })).toHaveCount(1)
  await expect(tree.locator('.tree-current')).toHaveCount(1)

  await canvas.press('ArrowLeft')
  await expect(status).toHaveText('Step 3 of 5 · expanded a')
  await tree.getByRole('button', { name: 'Last step' }).click()
  await expect(tree.locator('[data-status="chosen"] > text')).toHaveCount(7)
  await expect(tree.locator('[data-status="pruned"] > text')).toHaveCount(3)
  await tree.getByRole('button', { name: 'First step' }).click()
  await expect(tree.locator('.tree-node')).toHaveCount(1)
})

test('two runs side by side, each pane with its own run and its own step', async ({ page }) => {
  await decode(page, 'greedy-trap', 2)
  await page.getByLabel('Side by side').check()
  await page.getByLabel('Left', { exact: true }).selectOption({ label: 'run 1: greedy' })
  await page.getByLabel('Right', { exact: true }).selectOption({ label: 'run 2: beam 2' })
  const left = page.getByLabel('probability tree, left')
  const right = page.getByLabel('probability tree, right')
  // greedy: prompt, the, a, then the's three children and </s>; beam also expands "a" and both cats.
  await expect(left.locator('.tree-node')).toHaveCount(7)
  await expect(right.locator('.tree-node')).toHaveCount(10)
  await expect(left.locator('[data-status="candidate"] > text').getByText('a 0.45', { exact: true })).toHaveCount(1)
  await expect(right.locator('[data-status="chosen"] > text').getByText('a 0.45', { exact: true })).toHaveCount(1)

  await left.locator('svg.tree-canvas').focus()
  await left.locator('svg.tree-canvas').press('Home')
  await expect(left.locator('.tree-node')).toHaveCount(1)
  await expect(right.locator('.tree-node')).toHaveCount(10)
  await shot(page, 'tree-side-by-side')

  await page.getByLabel('One tree').check()
  await expect(page.getByLabel('probability tree', { exact: true }).locator('.tree-node')).toHaveCount(7)
})

test('Save SVG and Save PNG download the tree as shown, under the app CSP', async ({ page }) => {
  const problems: string[] = []
  page.on('console', (m) => {
    // A CSP block reads "Refused to load … because it violates …"; index.html's own meta-tag notice is not one.
    if (m.type() === 'error' && /Refused|violates/.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(String(e)))
  await decode(page, 'greedy-trap')
  const tree = page.getByLabel('probability tree', { exact: true })
  const canvas = tree.locator('svg.tree-canvas')
  const shownTransform = await canvas.locator('.tree-layer').getAttribute('transform')
  expect(shownTransform).toMatch(/^translate\(.+\) scale\(.+\)$/)
  const height = Number(await canvas.getAttribute('height'))

  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    tree.getByRole('button', { name: 'Save SVG' }).click(),
  ])
  expect(svgDownload.suggestedFilename()).toBe('tree-run-1.svg')
  const svg = fs.readFileSync(await svgDownload.path(), 'utf8')
  expect(svg.startsWith('<svg')).toBe(true)
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"')
  expect(svg).toContain(`viewBox="0 0 ${await canvas.getAttribute('width')} ${height}"`)
  expect(svg).toContain(`transform="${shownTransform}"`)
  expect(svg.match(/<g [^>]*class="tree-node"/g)?.length).toBe(7)
  expect(svg).toContain('>cat 0.4</text>')
  expect(svg).toMatch(/<text [^>]*style="[^"]*font-size: 12px/)

  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    tree.getByRole('button', { name: 'Save PNG' }).click(),
  ])
  expect(pngDownload.suggestedFilename()).toBe('tree-run-1.png')
  const png = fs.readFileSync(await pngDownload.path())
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  // IHDR: width and height at twice the shown size (the tree fills its pane).
  const width = Number(await canvas.getAttribute('width'))
  expect(width).toBeGreaterThan(600)
  expect(png.readUInt32BE(16)).toBe(width * 2)
  expect(png.readUInt32BE(20)).toBe(height * 2)
  // The PNG holds the drawing: pixels of the chosen green (#16a34a), decoded in the page.
  const green = await page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const c = document.createElement('canvas')
    c.width = img.width
    c.height = img.height
    const ctx = c.getContext('2d') as CanvasRenderingContext2D
    ctx.drawImage(img, 0, 0)
    const d = ctx.getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 0; i < d.length; i += 4) if (d[i] === 0x16 && d[i + 1] === 0xa3 && d[i + 2] === 0x4a) n++
    return n
  }, png.toString('base64'))
  expect(green).toBeGreaterThan(200)
  expect(problems).toEqual([])
})

test('per-step log-probability and entropy charts, and the tree and charts in Chinese', async ({ page }) => {
  await decode(page, 'seed-weather')
  await openTab(page, 'Compare')
  const logProb = page.getByLabel('Log-probability of each token')
  const entropy = page.getByLabel('Entropy of the distribution at each step')
  await expect(logProb.locator('.recharts-line')).toHaveCount(1)
  await expect(logProb.locator('.recharts-line-dots circle')).toHaveCount(4)
  await expect(entropy.locator('.recharts-line-dots circle')).toHaveCount(4)
  await expect(entropy.getByText('entropy (nats)')).toHaveCount(1)
  await expect(logProb.getByText('step', { exact: true })).toHaveCount(1)
  // Step 1 of greedy: ln 0.6 and H(0.6, 0.4) = 0.6730 nats, read from the tooltips.
  await logProb.locator('.recharts-line-dots circle').first().hover({ force: true }) // the axis line and the active dot lie over step 1's dot
  await expect(logProb.locator('.recharts-tooltip-wrapper')).toContainText('-0.5108')
  await entropy.locator('.recharts-line-dots circle').first().hover({ force: true })
  await expect(entropy.locator('.recharts-tooltip-wrapper')).toContainText('0.6730')
  await shot(page, 'compare-step-charts')

  await page.getByLabel('Language').selectOption('zh-CN')
  await expect(page.getByText('每步分布的熵', { exact: true })).toBeVisible()
  await expect(page.getByText('每个词元的对数概率', { exact: true })).toBeVisible()
  await page.getByRole('tab', { name: '树', exact: true }).click()
  const tree = page.getByLabel('概率树', { exact: true })
  await expect(tree.getByRole('button', { name: '保存 SVG' })).toBeVisible()
  await expect(tree.locator('output')).toHaveText('第 4 步，共 4 步 · 展开了 好')
  await expect(tree.locator('[data-status="chosen"] > text').getByText('（提示）', { exact: true })).toHaveCount(1)
  await shot(page, 'tree-and-charts-zh')
})
