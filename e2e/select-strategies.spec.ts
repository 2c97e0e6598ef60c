import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

test('compose: contrastive asks for its amateur and runs with it; mbr runs with its default proposal and marks one sample chosen', async ({
  page,
}) => {
  await page.goto(app().url)
  const box = page.locator('fieldset.strategy').first()
  await box.getByLabel('strategy', { exact: true }).selectOption('contrastive')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(box.getByRole('alert')).toContainText('contrastive needs an amateur model')
  await box.getByLabel('contrastive amateur model').selectOption('seed-weather')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  // The amateur is the model itself: every plausible token scores 0 and the lowest id wins, here the greedy path.
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')

  await box.getByLabel('strategy', { exact: true }).selectOption('mbr')
  await box.getByLabel('mbr samples').fill('4')
  await box.getByLabel('mbr seed').fill('1')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await openTab(page, 'Tree')
  const tree = page.getByLabel('probability tree', { exact: true })
  // One selected sample: one chosen path from the root to one end token.
  await expect(
    tree.locator('.tree-node[data-status="chosen"]', { has: page.locator('title', { hasText: /^<end>/ }) }),
  ).toHaveCount(1)
  // Seed 1 draws 天 气 好 and 好: the other sample's end stays kept, not chosen.
  await expect(
    tree.locator('.tree-node[data-status="kept"]', { has: page.locator('title', { hasText: /^<end>/ }) }),
  ).toHaveCount(1)
  await shot(page, 'mbr-tree')
})

test('compare with another run: greedy and beam 2 on greedy-trap part at step 1, with the divergence per step', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('greedy-trap')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.nth(0).getByLabel('strategy', { exact: true }).selectOption('greedy')
  await page.getByRole('button', { name: 'Add strategy' }).click()
  await boxes.nth(1).getByLabel('strategy', { exact: true }).selectOption('beam')
  await boxes.nth(1).getByLabel('beam width').fill('2')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(3)

  const diff = page.getByRole('region', { name: 'compare with another run' })
  const ids = await diff
    .getByLabel('run to compare')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
  await diff.getByLabel('other run id').fill('x')
  await diff.getByRole('button', { name: 'Compare' }).click()
  await expect(diff.getByRole('alert')).toHaveText('Give the other run’s number, a whole number from 1.')
  await diff.getByLabel('other run id').fill(ids[1])
  await diff.getByRole('button', { name: 'Compare' }).click()
  // greedy: the cat; beam 2: a cat. The same model: both distributions equal, so KL and TV are 0.
  await expect(diff.locator('.diff-first')).toHaveText(
    `First difference at step 1: "the" in run ${ids[0]}, "a" in run ${ids[1]}.`,
  )
  await expect(diff.getByRole('figure', { name: 'Divergence per step along the shared prefix' })).toBeVisible()
  await expect(diff.locator('.diff-largest')).toHaveCount(0)
  await shot(page, 'run-diff')
})
