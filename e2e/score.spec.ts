import { expect, test, useWebApp } from './web-app'

const app = useWebApp()

test('Score a text: 天好 under seed-weather opens in the Text tab by GLTR rank, saved in history as a score run', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByText('Score a text', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Score a text' })
  await form.getByLabel('Model', { exact: true }).selectOption('seed-weather')
  await form.getByLabel('Text to score', { exact: true }).fill('天好')
  await form.getByRole('button', { name: 'Score', exact: true }).click()
  const tokens = page.locator('.text-view .running-text .tok')
  await expect(tokens).toHaveText(['天', '好'], { timeout: 30_000 })
  // 天 is the top pick after <start> (0.6 over 0.4): top 1; 好 after 天 is second (0.1 under 气's 0.9): top 10.
  await expect(tokens.nth(0)).toHaveClass('tok bucket-0')
  await expect(tokens.nth(1)).toHaveClass('tok bucket-1')
  await expect(page.getByLabel('rank histogram', { exact: true })).toHaveAttribute('data-counts', '1 1 0 0 0')
  await tokens.nth(1).hover()
  await expect(page.locator('.token-popover .token-details')).toHaveText(
    '好: P = 0.1, rank 2, entropy 0.325 nats, cumulative log P = -2.813',
  )
  const history = page.getByLabel('history', { exact: true })
  await expect(history.locator('.experiment-row')).toHaveCount(1)
  // A score run keeps its text in its spec: Re-run scores it again, as a new experiment with the same figures.
  await history.locator('.experiment-toggle').first().click()
  const rerun = history.getByRole('button', { name: /^re-run run/ })
  await expect(rerun).toBeEnabled()
  await rerun.click()
  await expect(history.locator('.experiment-row')).toHaveCount(2, { timeout: 30_000 })
  await expect(history.locator('.experiment-row').first()).toContainText('score')
  await expect(tokens).toHaveText(['天', '好'])
  await expect(page.getByLabel('rank histogram', { exact: true })).toHaveAttribute('data-counts', '1 1 0 0 0')
  // Its tree still branches: from 天, greedily (0.6 × 0.9 × 0.8 × 1.0 for 天 气 好 <end>).
  await page.getByRole('tablist', { name: 'experiment views' }).getByRole('tab', { name: 'Tree', exact: true }).click()
  await page.locator('.tree-label[data-id]', { hasText: '天' }).first().click({ force: true })
  await expect(page.getByLabel('branch strategy')).toHaveValue('greedy')
  await page.getByRole('button', { name: 'Continue from here' }).click()
  await expect(history.locator('.experiment-row').first()).toContainText('2 runs', { timeout: 30_000 })
})
