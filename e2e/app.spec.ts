import type { Page } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

async function useStrategies(page: Page, specs: [string, Record<string, string>][]): Promise<void> {
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  for (let i = 0; i < specs.length; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Add strategy' }).click()
    const [name, params] = specs[i]
    const box = boxes.nth(i)
    await box.getByLabel('strategy', { exact: true }).selectOption(name)
    for (const [k, v] of Object.entries(params)) await box.getByLabel(`${name} ${k}`).fill(v)
  }
}

test('the newcomer path: seed-weather greedy gives 天气好 with 0.432, then history and delete', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('seed-weather')
  await useStrategies(page, [
    ['greedy', {}],
    ['beam', { width: '2' }],
    ['nucleus', { p: '0.9' }],
  ])
  await page.getByLabel('prompt', { exact: true }).press('Control+Enter')
  const chain = page.getByLabel('chain rule')
  await expect(chain).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
  const greedyRow = page.locator('.compare tbody tr', { hasText: 'greedy' })
  // Chinese runs together in the table; the chain rule too, each token still its own shaded factor.
  await expect(greedyRow.locator('td.tokens')).toHaveText('天气好<end>')
  await expect(greedyRow).toContainText('0.432')
  await expect(greedyRow.locator('td.ended')).toHaveText('<end>')
  await shot(page, 'compare-seed-weather')

  // The greedy run's tree: 天 (0.6) then 气 (0.9), both on the chosen path.
  await openTab(page, 'Tree')
  const tree = page.getByLabel('probability tree')
  await expect(tree.locator('[data-status="chosen"] > text').getByText('气 0.9', { exact: true })).toHaveCount(1)
  await expect(tree.locator('[data-status="candidate"] > text').getByText('好 0.4', { exact: true })).toHaveCount(1)
  await shot(page, 'tree-greedy')

  await page.reload()
  const history = page.getByLabel('history')
  // One experiment of three runs.
  await expect(history.locator('.experiment-row')).toHaveCount(1)
  await history.getByRole('button', { name: 'runs of experiment 1', exact: true }).click()
  await expect(history.locator('.run-row')).toHaveCount(3)
  await history
    .locator('.run-row')
    .first()
    .getByRole('button', { name: /delete run/ })
    .click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete run', exact: true }).click()
  await expect(history.locator('.run-row')).toHaveCount(2)
  await shot(page, 'history')
  expect(errors).toEqual([])
})

test('greedy-trap: the comparison shows beam width 2 finds a more probable sequence than greedy', async ({ page }) => {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('greedy-trap')
  await useStrategies(page, [
    ['greedy', {}],
    ['beam', { width: '2' }],
  ])
  await page.getByRole('button', { name: 'Run' }).click()
  const rows = page.locator('.compare tbody tr')
  await expect(rows).toHaveCount(3)
  // greedy: the cat = 0.55 × 0.4 = 0.22; beam: a cat = 0.45 × 0.9 = 0.405 first.
  await expect(rows.nth(0)).toContainText('the cat </s>')
  await expect(rows.nth(0)).toContainText('0.22')
  await expect(rows.nth(1)).toContainText('a cat </s>')
  await expect(rows.nth(1)).toContainText('0.405')
  await rows.nth(1).click()
  await expect(page.getByLabel('chain rule')).toHaveText('P(a cat </s>) = 0.45 × 0.9 × 1.0 = 0.405')
  await shot(page, 'compare-greedy-trap')

  // Each run's reproducibility record: the model file's hash as sha256sum gives it, the backend, the parameters.
  await openTab(page, 'Reproducibility')
  const record = page.getByRole('region', { name: 'Reproducibility' })
  const sha = execFileSync('sha256sum', [path.join(__dirname, '..', 'resources', 'models', 'greedy-trap.table.json')])
    .toString()
    .split(' ')[0]
  const beamRow = record.locator('tbody tr', { hasText: 'beam' })
  await expect(beamRow.locator('td.hash')).toHaveAttribute('title', sha)
  await expect(beamRow).toContainText('Decoding Lab table model')
  await expect(beamRow.locator('td.params')).toHaveText('width=2, lengthPenalty=0')
  await expect(beamRow).toContainText('token for token')
  await openTab(page, 'Tree')
  await page.getByRole('tab', { name: /beam/ }).click()
  // Beam of width 2 drops "the dog" and "the bird" (0.165 each) for "a cat" (0.405) and "the cat" (0.22).
  const tree = page.getByLabel('probability tree')
  await expect(tree.locator('[data-status="pruned"] > text').getByText('dog 0.3', { exact: true })).toHaveCount(1)
  await expect(tree.locator('[data-status="chosen"] > text').getByText('cat 0.9', { exact: true })).toHaveCount(1)
  await shot(page, 'tree-beam')
})

test('invalid parameters show a clear message in the form and start no run', async ({ page }) => {
  await page.goto(app().url)
  await useStrategies(page, [
    ['nucleus', { p: '1.5' }],
    ['beam', { width: '0' }],
  ])
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.locator('fieldset.strategy').nth(0).getByRole('alert')).toHaveText(
    'strategy "nucleus": p must be in (0, 1], got p = 1.5',
  )
  await expect(page.locator('fieldset.strategy').nth(1).getByRole('alert')).toHaveText(
    'strategy "beam": width must be >= 1, got width = 0',
  )
  await expect(page.getByLabel('history')).toContainText('No runs yet')
  await shot(page, 'compose-errors')
})

test('the Electron app launches through Playwright where its binary exists', async () => {
  const electronPath = path.resolve(__dirname, '../node_modules/electron/path.txt')
  test.skip(
    !fs.existsSync(electronPath),
    "Electron's binary is not installed on this machine (it cannot be downloaded here); browser mode is tested instead",
  )
  const { _electron } = await import('@playwright/test')
  const electronApp = await _electron.launch({ args: [path.resolve(__dirname, '..')] })
  const window = await electronApp.firstWindow()
  await expect(window.getByRole('heading', { name: 'Decoding Lab' })).toBeVisible()
  await electronApp.close()
})
