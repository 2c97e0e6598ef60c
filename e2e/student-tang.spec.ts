import type { Page } from '@playwright/test'
import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

/** 48 tokens of beam 4 and nucleus 0.9 (seed 1) on the shipped neural model, as a student would ask for them. */
async function decodeTangPoems(page: Page): Promise<void> {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('tang-poems')
  await page.getByLabel('prompt', { exact: true }).fill('春')
  await page.getByLabel('max tokens', { exact: true }).fill('48')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('beam')
  await boxes.first().getByLabel('beam width').fill('4')
  await page.getByRole('button', { name: 'Add strategy' }).click()
  await boxes.nth(1).getByLabel('strategy', { exact: true }).selectOption('nucleus')
  await boxes.nth(1).getByLabel('nucleus p').fill('0.9')
  await boxes.nth(1).getByLabel('nucleus seed').fill('1')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(5, { timeout: 90_000 })
}

test('a student on tang-poems: no "As chat" without a template, the chain rule without gaps, charts that zoom together, and every tab readable', async ({
  page,
}) => {
  test.setTimeout(150_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(app().url)
  // seed-weather and tang-poems have no chat template: the box is off, disabled, and says why.
  await page.getByLabel('model', { exact: true }).selectOption('tang-poems')
  await expect(page.getByLabel('As chat')).toBeDisabled()
  await expect(page.getByLabel('As chat')).not.toBeChecked()
  await expect(page.locator('.chat-none')).toHaveText(
    'This model has no chat template: the prompt goes to it as it is.',
  )
  await expect(page.getByLabel('system prompt')).toHaveCount(0)

  await decodeTangPoems(page)
  // The chain rule: the first sequence's tokens joined as the table joins them, one factor each.
  const first = page.locator('.compare tbody tr').first()
  const text = ((await first.locator('td.tokens').textContent()) ?? '').trim()
  const chain = page.getByLabel('chain rule')
  await expect(chain).toContainText(`P(${text}) = `)
  const tokens = await chain.locator('.chain-tok').count()
  expect(tokens).toBeGreaterThan(10)
  const factors = ((await chain.textContent()) ?? '').split(') = ')[1].split(' = ')[0].split(' × ')
  expect(factors).toHaveLength(tokens)
  await shot(page, 'student-compare')

  // A wheel over one chart zooms the steps of all three, and the overlay's chart too.
  const charts = page.locator('.compare .charts figure').filter({ has: page.locator('.chart-plot') })
  await expect(charts).toHaveCount(3)
  const yTicks = async (): Promise<number[]> =>
    (await charts.nth(2).locator('.recharts-yAxis-tick-labels text').allTextContents()).map(Number)
  const lowestWhole = Math.min(...(await yTicks()))
  // The middle of the plot: the y axis ends 80 px in, and the plot ends 16 px before the chart's right edge.
  const plot = charts.nth(2).locator('.chart-plot')
  const plotBox = await plot.boundingBox()
  if (!plotBox) throw new Error('the cumulative chart has no box')
  await plot.hover({ position: { x: 80 + (plotBox.width - 96) / 2, y: 140 } })
  await page.mouse.wheel(0, -100)
  const zoomed = page.locator('.compare .chart-zoom')
  await expect(zoomed).toHaveText(Array(3).fill(/^Steps \d+–\d+ of 48 Whole length$/))
  const label = (await zoomed.first().textContent()) ?? ''
  for (let i = 1; i < 3; i++) await expect(zoomed.nth(i)).toHaveText(label)
  // 48 steps, a 47-step span zoomed to 37 (0.8, floored) around the middle step 24.5: steps 6–43.
  expect(label).toBe('Steps 6–43 of 48 Whole length')
  // Zoomed, the y axis fits the steps shown: the nucleus sample's last steps (below -180 by step 48) are out of view.
  expect(Math.min(...(await yTicks()))).toBeGreaterThan(lowestWhole)
  await shot(page, 'student-compare-zoomed')
  await openTab(page, 'Overlay')
  await expect(page.locator('.overlay-chart .chart-zoom')).toHaveText('Steps 6–43 of 48 Whole length')
  await shot(page, 'student-overlay')
  await page.locator('.overlay-chart').getByRole('button', { name: 'Whole length' }).click()
  await expect(page.locator('.overlay-chart .chart-zoom')).toHaveText(/^Wheel over a chart/)
  await openTab(page, 'Compare')
  await expect(page.locator('.compare .chart-zoom').first()).toHaveText(/^Wheel over a chart/)

  await openTab(page, 'Tree')
  await page.getByRole('tab', { name: /beam 4/ }).click()
  const tree = page.getByLabel('probability tree', { exact: true })
  await expect(tree.locator('.tree-label', { hasText: '(prompt)' })).toBeVisible()
  await shot(page, 'student-tree')

  await openTab(page, 'Text')
  await expect(page.locator('.text-view .tok').first()).toBeVisible()
  // Every sequence as text: beam 4's four and the nucleus sample.
  await expect(page.locator('.text-sequence h3')).toHaveText([
    'beam 4 #1',
    'beam 4 #2',
    'beam 4 #3',
    'beam 4 #4',
    'nucleus 0.9',
  ])
  for (const s of await page.locator('.text-sequence').all()) await expect(s).toBeVisible()
  await shot(page, 'student-text')
  // As the window shows it (a full-page capture resizes the page, and sequences out of sight paint only when in view).
  await page.screenshot({ path: 'test-results/screenshots/student-text-viewport.png' })
  expect(errors).toEqual([])
})
