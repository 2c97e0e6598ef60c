import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

test('compose: contrastive asks for its amateur and runs with it; mbr runs with its default proposal and marks one sample chosen', async ({ page }) => {
  await page.goto(app().url)
  const box = page.locator('fieldset.strategy').first()
  await box.getByLabel('strategy', { exact: true }).selectOption('contrastive')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(box.getByRole('alert')).toContainText('contrastive needs an amateur model')
  await box.getByLabel('contrastive amateur model').selectOption('seed-weather')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  // The amateur is the model itself: every plausible token scores 0 and the lowest id wins, here the greedy path.
  await expect(page.getByLabel('chain rule')).toHaveText('P(天 气 好 <end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')

  await box.getByLabel('strategy', { exact: true }).selectOption('mbr')
  await box.getByLabel('mbr samples').fill('4')
  await box.getByLabel('mbr seed').fill('1')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await openTab(page, 'Tree')
  const tree = page.getByLabel('probability tree', { exact: true })
  // One selected sample: one chosen path from the root to one end token.
  await expect(tree.locator('.tree-node[data-status="chosen"]', { has: page.locator('title', { hasText: /^<end>/ }) })).toHaveCount(1)
  // Seed 1 draws 天 气 好 and 好: the other sample's end stays kept, not chosen.
  await expect(tree.locator('.tree-node[data-status="kept"]', { has: page.locator('title', { hasText: /^<end>/ }) })).toHaveCount(1)
  await shot(page, 'mbr-tree')
})
