import type { Page } from '@playwright/test'
import path from 'node:path'
import { openDatabase } from '../src/main/store/database'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun, type RunStatus } from '../src/main/store/runs-repo'
import { expect, test, shot, useWebApp } from './web-app'

const app = useWebApp()

/** Sets the compose form to one model and these strategies (English UI). */
async function compose(page: Page, model: string, strategies: [string, Record<string, string>][], prompt = ''): Promise<void> {
  await page.getByLabel('model', { exact: true }).selectOption(model)
  await page.getByLabel('prompt', { exact: true }).fill(prompt)
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove', exact: true }).click()
  for (const [i, [name, params]] of strategies.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add strategy', exact: true }).click()
    await boxes.nth(i).getByLabel('strategy', { exact: true }).selectOption(name)
    for (const [k, v] of Object.entries(params)) await boxes.nth(i).getByLabel(`${name} ${k}`, { exact: true }).fill(v)
  }
}

/** Starts the composed comparison and waits until the history lists `runs` runs in all. */
async function runAndWait(page: Page, runs: number): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByLabel('history', { exact: true }).locator('tbody tr')).toHaveCount(Math.min(runs, 50), { timeout: 30_000 })
  await expect(page.getByRole('region', { name: 'progress' })).toHaveCount(0, { timeout: 30_000 })
}

const rows = (page: Page) => page.getByLabel('history', { exact: true }).locator('tbody tr')

test('filters by model, strategy and status narrow the history to exact counts', async ({ page }) => {
  await page.goto(app().url)
  await compose(page, 'seed-weather', [
    ['greedy', {}],
    ['beam', { width: '2' }],
    ['nucleus', { p: '0.9' }],
  ])
  await runAndWait(page, 3)
  await compose(page, 'greedy-trap', [
    ['greedy', {}],
    ['beam', { width: '2' }],
  ])
  await runAndWait(page, 5)
  const history = page.getByLabel('history', { exact: true })
  await expect(history.getByText('5 runs', { exact: true })).toBeVisible()

  await history.getByLabel('filter by model').selectOption('greedy-trap')
  await expect(rows(page)).toHaveCount(2)
  await expect(rows(page).nth(0)).toContainText('beam:width=2')
  await expect(rows(page).nth(1)).toContainText('greedy')

  await history.getByLabel('filter by strategy').selectOption('greedy')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).nth(0).locator('td').nth(1)).toHaveText('greedy-trap')

  await history.getByLabel('filter by model').selectOption('')
  await expect(rows(page)).toHaveCount(2)

  await history.getByLabel('filter by status').selectOption('failed')
  await expect(rows(page)).toHaveCount(0)
  await expect(history.locator('.empty')).toHaveText('No runs match this search and these filters. Clear filters')
  await shot(page, 'history-no-match')

  await history.locator('.empty').getByRole('button', { name: 'Clear filters' }).click()
  await expect(rows(page)).toHaveCount(5)
  await expect(history.getByLabel('filter by status')).toHaveValue('')

  await history.getByLabel('filter by status').selectOption('done')
  await expect(rows(page)).toHaveCount(5)
})

test('at 10,000 runs the history shows one page of 50, counts exactly, filters and pages', async ({ page }) => {
  const db = openDatabase(path.join(app().dir, 'lab.sqlite'))
  const statuses: RunStatus[] = ['done', 'done', 'done', 'failed']
  db.transaction(() => {
    for (let e = 0; e < 5000; e++) {
      const model = e % 2 === 0 ? 'seed-weather' : 'greedy-trap'
      const exp = createExperiment(db, { modelId: model, modelKind: 'table', vocabSize: 5, prompt: `prompt ${e}`, promptTokens: [], maxTokens: 8, topN: 3 })
      for (const [position, name] of (['greedy', 'beam'] as const).entries()) {
        const run = createRun(db, exp, position, { name, params: {} })
        const status = statuses[e % 4] as Exclude<RunStatus, 'running'>
        finishRun(db, run, { status, elapsedMs: 1, error: status === 'failed' ? 'seeded failure' : undefined })
      }
    }
  })()
  db.close()

  await page.goto(app().url)
  const history = page.getByLabel('history', { exact: true })
  await expect(history.getByText('10,000 runs', { exact: true })).toBeVisible()
  await expect(rows(page)).toHaveCount(50)
  await expect(history.getByText('1–50 of 10,000', { exact: true })).toBeVisible()
  await expect(rows(page).first().locator('td').first()).toHaveText('#10000')

  // Every fourth experiment (e % 4 = 3, all odd, so greedy-trap) failed: 1,250 experiments of 2 runs, 1,250 of them beam.
  await history.getByLabel('filter by status').selectOption('failed')
  await expect(history.getByText('2,500 runs', { exact: true })).toBeVisible()
  await history.getByLabel('filter by model').selectOption('seed-weather')
  await expect(history.getByText('No runs match this search and these filters.')).toBeVisible()
  await history.getByLabel('filter by model').selectOption('greedy-trap')
  await history.getByLabel('filter by strategy').selectOption('beam')
  await expect(history.getByText('1,250 runs', { exact: true })).toBeVisible()
  await expect(rows(page)).toHaveCount(50)

  await history.getByLabel('search prompts').fill('prompt 4999')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first().locator('td').first()).toHaveText('#10000')
  await expect(rows(page).first()).toContainText('seeded failure')

  await history.getByRole('button', { name: 'Clear filters' }).first().click()
  await history.getByRole('button', { name: 'Older', exact: true }).click()
  await expect(history.getByText('51–100 of 10,000', { exact: true })).toBeVisible()
  await expect(rows(page).first().locator('td').first()).toHaveText('#9950')
})

test('re-run repeats a run with the same settings: greedy gives 0.432 again, nucleus draws the same sample with its seed', async ({ page }) => {
  await page.goto(app().url)
  await compose(page, 'seed-weather', [
    ['greedy', {}],
    ['nucleus', { p: '0.9' }],
  ])
  await runAndWait(page, 2)
  const firstNucleus = (await rows(page).nth(0).locator('td').nth(3).textContent()) ?? ''
  expect(firstNucleus).toMatch(/^nucleus:p=0\.9,temperature=1,seed=\d+,samples=1$/)
  const nucleusRow = page.locator('.compare tbody tr', { hasText: 'nucleus' })
  const firstSample = await nucleusRow.locator('td').nth(1).textContent()

  // The greedy run is #1; its re-run becomes #3, alone in its own comparison.
  await page.getByRole('button', { name: 're-run run 1', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Re-running' })).toHaveText(
    'Re-running run #1 (greedy) on seed-weather with the same prompt and settings.',
  )
  await expect(rows(page)).toHaveCount(3, { timeout: 30_000 })
  await expect(rows(page).nth(0).locator('td').nth(0)).toHaveText('#3')
  await expect(rows(page).nth(0).locator('td').nth(3)).toHaveText('greedy')
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await expect(page.getByLabel('chain rule')).toHaveText('P(天 气 好 <end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')

  const rerunButton = page.getByRole('button', { name: 're-run run 2', exact: true })
  await expect(rerunButton).toHaveAttribute('title', /reuses the recorded seed \d+, so it reproduces the same sample\.$/)
  await rerunButton.click()
  await expect(rows(page)).toHaveCount(4, { timeout: 30_000 })
  await expect(rows(page).nth(0).locator('td').nth(3)).toHaveText(firstNucleus)
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await expect(page.locator('.compare tbody tr').first().locator('td').nth(1)).toHaveText(firstSample ?? '')
})

test('delete asks first: "Keep it" and Escape keep the run, "Delete run" removes it and its comparison', async ({ page }) => {
  await page.goto(app().url)
  await compose(page, 'seed-weather', [['greedy', {}]])
  await runAndWait(page, 1)
  await expect(page.getByLabel('chain rule')).toContainText('0.432')

  await page.getByRole('button', { name: 'delete run 1', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete run #1?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('This deletes the greedy run on seed-weather and its probability tree.')
  await shot(page, 'history-delete-confirm')
  await dialog.getByRole('button', { name: 'Keep it' }).click()
  await expect(dialog).toBeHidden()
  await expect(rows(page)).toHaveCount(1)

  await page.getByRole('button', { name: 'delete run 1', exact: true }).click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(rows(page)).toHaveCount(1)

  await page.getByRole('button', { name: 'delete run 1', exact: true }).click()
  await dialog.getByRole('button', { name: 'Delete run', exact: true }).click()
  await expect(rows(page)).toHaveCount(0)
  await expect(page.getByLabel('history', { exact: true }).locator('.empty')).toHaveText(
    'No runs yet. Compose one above: pick seed-weather, keep a preset and press Run (or Ctrl+Enter). Every run is saved here.',
  )
  await expect(page.getByLabel('chain rule')).toHaveCount(0)
})

test('the file picker trains an n-gram model on a small text, selects it, and a greedy run on it completes', async ({ page }) => {
  await page.goto(app().url)
  await page.getByText('Train an n-gram model from a text file').click()
  await page.getByLabel('training text file').setInputFiles({ name: 'weather notes.txt', mimeType: 'text/plain', buffer: Buffer.from('天气好\n天气好\n天气不好\n', 'utf8') })
  await expect(page.getByLabel('model name', { exact: true })).toHaveValue('weather-notes')
  await expect(page.locator('.ngram .file-name')).toHaveText('weather notes.txt')
  await page.getByLabel('order', { exact: true }).fill('2')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Trained' })).toContainText('Trained "weather-notes" and selected it:')
  await expect(page.getByLabel('model', { exact: true })).toHaveValue('weather-notes')

  await compose(page, 'weather-notes', [['greedy', {}]], '天')
  await runAndWait(page, 1)
  await expect(rows(page).nth(0).locator('td').nth(1)).toHaveText('weather-notes')
  await expect(rows(page).nth(0).locator('td').nth(4)).toHaveText('done')
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await expect(page.locator('.compare tbody tr').first().locator('td').nth(1)).toHaveText('气好</s>')
  await shot(page, 'ngram-trained')
})

test('a file that is not UTF-8 gives a clear message and adds no model', async ({ page }) => {
  await page.goto(app().url)
  const options = page.getByLabel('model', { exact: true }).locator('option')
  await expect(options).toHaveText(['seed-weather (table)', 'greedy-trap (table)', 'tang-poems (gguf)'])
  await page.getByText('Train an n-gram model from a text file').click()
  // "café au lait" in Latin-1: the é (0xE9) is not valid UTF-8.
  await page.getByLabel('training text file').setInputFiles({ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from('caf\xe9 au lait\n', 'latin1') })
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.locator('.ngram').getByRole('alert')).toHaveText(
    'latin1.txt is not valid UTF-8 text. Save it as UTF-8 (for example with your editor\'s "Save with encoding" or `iconv -t UTF-8`) and pick it again.',
  )
  await page.reload()
  await expect(options).toHaveText(['seed-weather (table)', 'greedy-trap (table)', 'tang-poems (gguf)'])
})

test('switching to 简体中文 changes the interface text and is remembered', async ({ page }) => {
  await page.goto(app().url)
  await shot(page, 'light-en')
  await page.getByLabel('language').selectOption('zh-CN')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('解码实验室')
  await expect(page.getByRole('button', { name: '运行', exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: '添加策略', exact: true })).toBeVisible()
  const history = page.getByLabel('历史记录', { exact: true })
  await expect(history.locator('.empty')).toHaveText(
    '还没有运行记录。请在上方创建：选择 seed-weather，保留一个预设，然后点击"运行"（或按 Ctrl+Enter）。每次运行都会保存在这里。',
  )
  await expect(history.getByLabel('按状态筛选').locator('option')).toHaveText(['所有状态', '已完成', '运行中', '已取消', '失败', '已中断'])
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await page.getByText('用文本文件训练 n-gram 模型').click()
  await shot(page, 'chinese')

  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('解码实验室')
  await page.getByLabel('language').selectOption('en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Decoding Lab')
})

test('dark theme follows the system: dark backgrounds and light text', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(app().url)
  await compose(page, 'seed-weather', [
    ['greedy', {}],
    ['beam', { width: '2' }],
  ])
  await runAndWait(page, 2)
  const colours = await page.evaluate(() => {
    const style = (el: Element | null) => (el ? getComputedStyle(el) : null)
    return {
      body: style(document.body)?.backgroundColor,
      text: style(document.body)?.color,
      input: style(document.querySelector('input[aria-label="prompt"]'))?.backgroundColor,
    }
  })
  expect(colours).toEqual({ body: 'rgb(15, 17, 21)', text: 'rgb(230, 232, 235)', input: 'rgb(18, 21, 27)' })
  await shot(page, 'dark')
  await page.emulateMedia({ colorScheme: 'light' })
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)')
})

test('shortcuts: ? opens the help, / focuses the search, Ctrl+Enter runs from anywhere, Escape cancels the running job', async ({ page }) => {
  await page.goto(app().url)
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toHaveAttribute('title', 'Keyboard shortcuts (?)')
  await page.locator('h1').click()
  await page.keyboard.press('?')
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(help).toBeVisible()
  await expect(help.locator('tr')).toHaveText([
    'Ctrl+Enter / ⌘+EnterRun the comparison',
    'EscCancel the running comparison (or close a dialog)',
    '/Search the history',
    '?Show this list',
  ])
  await shot(page, 'shortcuts-help')
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()

  await page.keyboard.press('/')
  await expect(page.getByLabel('search prompts')).toBeFocused()
  // In a text field, "?" is a character, not the help.
  await page.keyboard.type('?')
  await expect(page.getByLabel('search prompts')).toHaveValue('?')
  await expect(help).toBeHidden()
  await page.getByLabel('search prompts').fill('')

  await compose(page, 'seed-weather', [['greedy', {}]])
  await page.locator('h1').click()
  await page.keyboard.press('Control+Enter')
  await expect(page.getByLabel('chain rule')).toHaveText('P(天 气 好 <end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432', { timeout: 30_000 })
  await expect(rows(page)).toHaveCount(1)

  // Exact search on the 4.7 MB tang-poems model takes long enough to be cancelled.
  await compose(page, 'tang-poems', [['exact', {}]])
  await page.getByLabel('max tokens', { exact: true }).fill('64')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByRole('region', { name: 'progress' })).toBeVisible()
  await page.locator('h1').click()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('region', { name: 'progress' })).toHaveCount(0, { timeout: 30_000 })
  await expect(rows(page)).toHaveCount(2)
  await expect(rows(page).nth(0).locator('td').nth(4)).toHaveText('cancelled')
})
