import type { Page } from '@playwright/test'
import fs from 'node:fs'
import path from 'node:path'
import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

async function greedyOn(page: Page, model: string): Promise<void> {
  await page.getByLabel('model', { exact: true }).selectOption(model)
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('greedy')
  await page.getByRole('button', { name: 'Run' }).click()
}

test('export the experiment as an HTML report and as JSON, then import the JSON: nothing is duplicated', async ({
  page,
}) => {
  await page.goto(app().url)
  await greedyOn(page, 'seed-weather')
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')

  const save = async (menu: string, item: RegExp): Promise<string> => {
    const details = page.locator('details.export-menu', { has: page.locator('summary', { hasText: menu }) })
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: item }).first().click(),
    ])
    const file = path.join(app().dir, download.suggestedFilename())
    await download.saveAs(file)
    return file
  }
  const html = fs.readFileSync(await save('Export experiment', /HTML report/), 'utf8')
  expect(html).toContain('0.6 × 0.9 × 0.8 × 1.0 = 0.432')
  expect(html).not.toMatch(/<script/i)
  const json = await save('Export experiment', /JSON data/)
  expect(JSON.parse(fs.readFileSync(json, 'utf8')).runs).toHaveLength(1)

  const history = page.getByLabel('history')
  await expect(history.locator('.experiment-row')).toHaveCount(1)
  await page.getByLabel('Import a report (JSON)').setInputFiles(json)
  await expect(page.getByRole('status').filter({ hasText: 'Already here: 0 runs added.' })).toBeVisible()
  await expect(history.locator('.experiment-row')).toHaveCount(1)
  await shot(page, 'export-import')
})

test('open a model file by path: a bad path says so, a table file joins the model list and decodes', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByText('Open a model file').click()
  const input = page.getByLabel('Model file path')
  await input.fill(path.join(app().dir, 'missing.gguf'))
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'model file not found' })).toHaveText(
    `model file not found: ${path.join(app().dir, 'missing.gguf')}`,
  )

  const file = path.join(app().dir, 'coin.json')
  const coin = {
    format: 'decoding-lab/table@1',
    bos: '<s>',
    eos: '</s>',
    vocab: ['<s>', '</s>', 'heads', 'tails'],
    rules: [{ context: ['<s>'], next: { heads: 0.7, tails: 0.3 } }],
    default: { '</s>': 1 },
  }
  fs.writeFileSync(file, JSON.stringify(coin))
  await input.fill(file)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(page.getByLabel('model', { exact: true })).toHaveValue(file)
  await greedyOn(page, file)
  await expect(page.getByLabel('chain rule')).toHaveText('P(heads </s>) = 0.7 × 1.0 = 0.7')
  await page.reload()
  await expect(page.getByLabel('model', { exact: true }).locator('option', { hasText: file })).toHaveCount(1)
})

test('degeneration metrics of each run and sequence are shown for the open experiment', async ({ page }) => {
  await page.goto(app().url)
  await greedyOn(page, 'seed-weather')
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
  await openTab(page, 'Metrics')
  const metrics = page.locator('section.metrics')
  // Greedy is optimal on seed-weather (search gap 0); perplexity 0.432^(-1/4) = 1.233 over 4 tokens.
  await expect(metrics.locator('tbody').first().locator('tr').first()).toContainText('0.000')
  const sequence = metrics.locator('tbody').nth(1).locator('tr').first()
  await expect(sequence).toContainText('1.233')
  await expect(sequence.locator('td').last()).toHaveText('4')
})
