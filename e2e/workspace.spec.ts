import { expect, test as plain, type Page } from '@playwright/test'
import { openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()
const TABS = ['Compare', 'Text', 'Tree', 'Overlay', 'Metrics', 'Reproducibility']

async function shootTabs(page: Page, prefix: string): Promise<void> {
  for (const tab of TABS) {
    await openTab(page, tab)
    await shot(page, `${prefix}-${tab.toLowerCase()}`)
  }
}

plain(
  'first launch: what the app is for, seed-weather open on the chain rule, then the next step to tang-poems at scale, and a reload keeps the experiment and tab',
  async ({ page }) => {
    // Two decodings (the textbook one and 48 tokens of beam 4 and nucleus on the GGUF) on a shared 2-core machine.
    plain.setTimeout(120_000)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(String(e)))
    await page.goto(app().url)
    await expect(page.locator('.tagline')).toHaveText(
      'Decoding Lab runs several decoding strategies on the same model and prompt and shows, token by token, why each one ends with the sequence it does.',
    )
    // Nothing was asked for: the first experiment runs by itself and opens on the comparison.
    await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
    await expect(page.locator('.experiment-title')).toHaveText('Experiment 1: seed-weather, prompt “(empty)”')
    await expect(page.locator('.compare tbody td.strategy')).toHaveText(['greedy', 'beam 2 #1', 'beam 2 #2'])
    const next = page
      .getByRole('complementary', { name: 'welcome' })
      .getByRole('button', { name: /Now try the neural model \(tang-poems\)/ })
    await expect(next).toBeVisible()
    await shootTabs(page, 'first-run-seed-weather')

    // The next step: beam of width 4 and nucleus 0.9 for 48 tokens on the shipped poem model.
    await next.click()
    await expect(page.locator('.experiment-title')).toHaveText('Experiment 2: tang-poems, prompt “春”', {
      timeout: 60_000,
    })
    await expect(page.getByLabel('model', { exact: true })).toHaveValue('tang-poems')
    await openTab(page, 'Compare')
    await expect(page.locator('.compare tbody tr')).toHaveCount(5)
    await expect(page.locator('.compare tbody td.strategy')).toHaveText([
      'beam 4 #1',
      'beam 4 #2',
      'beam 4 #3',
      'beam 4 #4',
      'nucleus 0.9',
    ])
    // The poems' line breaks are tokens: shown as ⏎, and Chinese runs together without spaces.
    const firstText = (await page.locator('.compare tbody td.tokens').first().textContent()) ?? ''
    expect(firstText).toContain('⏎')
    expect(firstText).not.toMatch(/\p{Script=Han} \p{Script=Han}/u)
    // Every column, the run time last, fits beside the sidebar at this window's width.
    const table = await page.locator('.compare-table').boundingBox()
    const time = await page.locator('.compare thead th').last().boundingBox()
    expect(table && time).toBeTruthy()
    if (table && time) expect(time.x + time.width).toBeLessThanOrEqual(table.x + table.width + 0.5)
    await openTab(page, 'Text')
    await expect(page.locator('.text-view .tok', { hasText: '⏎' }).first()).toBeVisible()

    // The overlay: one legend entry per run (its final sequences as swatches), the pruned ones as one entry.
    await openTab(page, 'Overlay')
    const overlay = page.getByLabel('all runs in one tree')
    await expect(overlay.locator('.overlay-run')).toHaveText(['run 3: beam 4#1#2#3#4', 'run 4: nucleus 0.9'])
    await expect(overlay.locator('.overlay-path')).toHaveCount(5)
    await expect(overlay.locator('.overlay-pruned')).toHaveCount(1)
    await expect(overlay.locator('.overlay-pruned')).toHaveText(/^pruned hypotheses \(\d+, thin grey\)$/)

    // The tree opens focused and fitted: the root's label is inside the drawing, other candidates folded.
    await openTab(page, 'Tree')
    const tree = page.getByLabel('probability tree', { exact: true })
    await expect(tree.getByLabel('Focus')).toBeChecked()
    const canvas = await tree.locator('svg.tree-canvas').boundingBox()
    const root = await tree.locator('.tree-label', { hasText: '(prompt)' }).boundingBox()
    expect(canvas && root).toBeTruthy()
    if (canvas && root) {
      expect(root.x).toBeGreaterThanOrEqual(canvas.x)
      expect(root.y).toBeGreaterThanOrEqual(canvas.y)
      expect(root.x + root.width).toBeLessThanOrEqual(canvas.x + canvas.width)
      expect(root.y + root.height).toBeLessThanOrEqual(canvas.y + canvas.height)
    }
    const folds = tree.locator('.tree-label.tree-fold')
    expect(await folds.count()).toBeGreaterThan(0)
    await expect(folds.first()).toHaveText(/^\+\d+ more \(p = [\d.e-]+\)$/)
    // Clicking a fold opens it: the fold is gone, its candidates drawn in its place.
    // The tree draws the region around the view, so the first fold in the page may be out of sight: one in sight is clicked.
    const foldId = await tree.locator('svg.tree-canvas').evaluate((svg) => {
      const view = svg.getBoundingClientRect()
      const seen = [...svg.querySelectorAll('.tree-label.tree-fold')].find((g) => {
        const r = g.getBoundingClientRect()
        return r.left >= view.left && r.right <= view.right && r.top >= view.top && r.bottom <= view.bottom
      })
      return seen?.getAttribute('data-id') ?? null
    })
    expect(foldId).not.toBeNull()
    await tree.locator(`.tree-label.tree-fold[data-id="${foldId}"]`).click()
    await expect(tree.locator(`[data-id="${foldId}"]`)).toHaveCount(0)
    await shootTabs(page, 'tang-poems-beam4-nucleus')

    // A reload returns to the same experiment and tab.
    await openTab(page, 'Overlay')
    await page.reload()
    await expect(page.locator('.experiment-title')).toHaveText('Experiment 2: tang-poems, prompt “春”')
    await expect(page.getByRole('tab', { name: 'Overlay', exact: true })).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByLabel('all runs in one tree')).toBeVisible()
    expect(new URL(page.url()).hash).toMatch(/^#token=[^&]+&exp=2&tab=overlay/)
    expect(errors).toEqual([])
  },
)

test('the Sweeps and Models buttons open their views, and the URL keeps the view', async ({ page }) => {
  await page.goto(app().url)
  await page.getByRole('navigation', { name: 'sections' }).getByRole('button', { name: 'Sweeps', exact: true }).click()
  await expect(page.getByRole('region', { name: 'Sweeps', exact: true })).toBeVisible()
  await expect(
    page.getByRole('navigation', { name: 'sections' }).getByRole('button', { name: 'Sweeps', exact: true }),
  ).toHaveAttribute('aria-current', 'page')
  await page.reload()
  await expect(page.getByRole('region', { name: 'Sweeps', exact: true })).toBeVisible()
  await page.getByRole('navigation', { name: 'sections' }).getByRole('button', { name: 'Models', exact: true }).click()
  const models = page.getByRole('region', { name: 'Models', exact: true })
  await expect(models.locator('tbody tr').first()).toContainText('seed-weather')
  await models
    .locator('tbody tr')
    .filter({ has: page.getByRole('cell', { name: 'tang-poems', exact: true }) })
    .getByRole('button', { name: 'Use in a new experiment' })
    .click()
  await expect(page.getByLabel('model', { exact: true })).toHaveValue('tang-poems')
  await expect(page.getByRole('region', { name: 'Sweeps', exact: true })).toBeHidden()
  await shot(page, 'models-view-used')
})

test('the Text tab: tokens coloured by rank, a popover of the alternatives on hover, and a branch from one of them', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('seed-weather')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('greedy')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
  await openTab(page, 'Text')
  const text = page.locator('.text-view')
  const tokens = text.locator('.running-text .tok')
  await expect(tokens).toHaveText(['天', '气', '好', '<end>'])
  // Greedy takes the top token every time: all GLTR top-1 (green).
  await expect(tokens.first()).toHaveClass('tok bucket-0')
  await text.getByLabel('Colour by').selectOption('probability')
  // 天 0.6 and 气 0.9 are ≥ 0.5; so are 好 0.8 and <end> 1.0.
  await expect(tokens.nth(0)).toHaveClass('tok bucket-0')

  await tokens.first().hover()
  const popover = page.locator('.token-popover')
  await expect(popover.locator('.token-details')).toHaveText(
    '天: P = 0.6, rank 1, entropy 0.673 nats, cumulative log P = -0.511',
  )
  await expect(popover.locator('.token-alternatives li')).toHaveText(['天 0.6 (this token)', 'Continue with 好 (0.4)'])
  await shot(page, 'text-popover')
  await popover.getByRole('button', { name: 'Continue with 好 (0.4)' }).click()
  await expect(text.locator('.text-sequence h3')).toHaveText(['greedy', 'greedy after 好 (forced)'])
  await expect(text.locator('.text-sequence').nth(1).locator('.running-text .tok')).toHaveText(['好', '<end>'])
  await expect(text.locator('.text-sequence').nth(1).locator('.tok[data-forced="true"]')).toHaveText('好')
})
