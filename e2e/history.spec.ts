import type { Page } from '@playwright/test'
import path from 'node:path'
import { openDatabase } from '../src/main/store/database'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun, type RunStatus } from '../src/main/store/runs-repo'
import { expect, test, shot, useWebApp } from './web-app'

const app = useWebApp()

/** Sets the compose form to one model and these strategies (English UI). */
async function compose(
  page: Page,
  model: string,
  strategies: [string, Record<string, string>][],
  prompt = '',
): Promise<void> {
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

/** Starts the composed comparison and waits until the history lists `experiments` experiments and the run is over. */
async function runAndWait(page: Page, experiments: number): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(rows(page)).toHaveCount(experiments, { timeout: 30_000 })
  await expect(page.getByRole('region', { name: 'progress' })).toHaveCount(0, { timeout: 30_000 })
}

const history = (page: Page) => page.getByLabel('history', { exact: true })
/** The experiment rows in the DOM (the list is virtualised: only those in view). */
const rows = (page: Page) => history(page).locator('.experiment-row')
/** An experiment's row, by its id. */
const row = (page: Page, id: number) =>
  rows(page).filter({ has: page.getByRole('button', { name: `runs of experiment ${id}`, exact: true }) })
const expand = async (page: Page, id: number): Promise<void> => {
  const toggle = history(page).getByRole('button', { name: `runs of experiment ${id}`, exact: true })
  await toggle.click()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
}
const runRows = (page: Page, id: number) => row(page, id).locator('.run-row')

test('history by experiment: two rows with their best sequence and probability; one expands to its runs, and a run opens', async ({
  page,
}) => {
  await page.goto(app().url)
  await compose(page, 'seed-weather', [
    ['greedy', {}],
    ['beam', { width: '2' }],
  ])
  await runAndWait(page, 1)
  await compose(
    page,
    'greedy-trap',
    [
      ['greedy', {}],
      ['beam', { width: '2' }],
      ['nucleus', { p: '0.9' }],
    ],
    'the',
  )
  await runAndWait(page, 2)
  await expect(history(page).getByText('2 experiments', { exact: true })).toBeVisible()
  // Newest first. greedy-trap after "the": cat </s> with 0.4 (greedy and beam agree; table tokens are words, joined by spaces).
  await expect(rows(page).nth(0).locator('.experiment-prompt')).toHaveText('the')
  await expect(rows(page).nth(0).locator('.experiment-model')).toHaveText('greedy-trap')
  await expect(rows(page).nth(0).locator('.experiment-strategies')).toHaveText('greedy, beam 2, nucleus 0.9')
  await expect(rows(page).nth(0).locator('.experiment-best')).toHaveText('best cat </s> p = 0.4')
  // seed-weather: 天 气 好 <end> = 0.6 × 0.9 × 0.8 × 1.0 = 0.432; Chinese runs together.
  await expect(rows(page).nth(1).locator('.experiment-prompt')).toHaveText('(empty)')
  await expect(rows(page).nth(1).locator('.experiment-strategies')).toHaveText('greedy, beam 2')
  await expect(rows(page).nth(1).locator('.experiment-best')).toHaveText('best 天气好<end> p = 0.432')
  await expect(history(page).locator('.run-row')).toHaveCount(0)

  await expand(page, 1)
  await expect(runRows(page, 1)).toHaveText(['#1greedydoneRe-runDelete', '#2beam 2doneRe-runDelete'])
  await expect(runRows(page, 2)).toHaveCount(0)
  await expect(runRows(page, 1).nth(1).locator('.run-name')).toHaveAttribute('title', 'beam:width=2,lengthPenalty=0')
  await shot(page, 'history-experiments')
  await history(page).scrollIntoViewIfNeeded()
  await history(page).screenshot({
    path: path.resolve(__dirname, '../test-results/screenshots/history-experiments-pane.png'),
  })

  await history(page).getByRole('button', { name: 'open run 2', exact: true }).click()
  await expect(page.locator('.experiment-title')).toHaveText('Experiment 1: seed-weather, prompt “(empty)”')
  await expect.poll(() => new URL(page.url()).hash).toMatch(/(^|[#&])exp=1(&|$).*run=2(&|$)/)
  await history(page).getByRole('button', { name: 'open experiment 2', exact: true }).click()
  await expect(page.locator('.experiment-title')).toHaveText('Experiment 2: greedy-trap, prompt “the”')

  // The row collapses again.
  await history(page).getByRole('button', { name: 'runs of experiment 1', exact: true }).click()
  await expect(history(page).locator('.run-row')).toHaveCount(0)

  await page.getByLabel('language').selectOption('zh-CN')
  const zh = page.getByLabel('历史记录', { exact: true })
  await expect(zh.getByText('共 2 个实验', { exact: true })).toBeVisible()
  await zh.getByRole('button', { name: '实验 1 的运行', exact: true }).click()
  await expect(zh.locator('.experiment-row').nth(1).locator('.experiment-best')).toHaveText(
    '最佳 天气好<end> p = 0.432',
  )
  await expect(zh.locator('.run-row').nth(1)).toHaveText('#2束搜索 2已完成重新运行删除')
  await expect(zh.getByRole('button', { name: '打开实验 2', exact: true })).toHaveText('打开')
  await zh.screenshot({ path: path.resolve(__dirname, '../test-results/screenshots/history-experiments-zh.png') })
})

test('filters by model, strategy and status narrow the history to exact counts', async ({ page }) => {
  await page.goto(app().url)
  await compose(page, 'seed-weather', [
    ['greedy', {}],
    ['beam', { width: '2' }],
    ['nucleus', { p: '0.9' }],
  ])
  await runAndWait(page, 1)
  await compose(page, 'greedy-trap', [
    ['greedy', {}],
    ['beam', { width: '2' }],
  ])
  await runAndWait(page, 2)
  await expect(history(page).getByText('2 experiments', { exact: true })).toBeVisible()

  await history(page).getByLabel('filter by model').selectOption('greedy-trap')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).nth(0).locator('.experiment-strategies')).toHaveText('greedy, beam 2')
  await expect(history(page).getByText('1 experiment', { exact: true })).toBeVisible()

  await history(page).getByLabel('filter by strategy').selectOption('nucleus')
  await expect(rows(page)).toHaveCount(0)
  await history(page).getByLabel('filter by model').selectOption('')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).nth(0).locator('.experiment-model')).toHaveText('seed-weather')

  await history(page).getByLabel('filter by strategy').selectOption('greedy')
  await expect(rows(page)).toHaveCount(2)

  await history(page).getByLabel('filter by status').selectOption('failed')
  await expect(rows(page)).toHaveCount(0)
  await expect(history(page).locator('.empty')).toHaveText(
    'No experiments match this search and these filters. Clear filters',
  )
  await shot(page, 'history-no-match')

  await history(page).locator('.empty').getByRole('button', { name: 'Clear filters' }).click()
  await expect(rows(page)).toHaveCount(2)
  await expect(history(page).getByLabel('filter by status')).toHaveValue('')

  await history(page).getByLabel('filter by status').selectOption('done')
  await expect(rows(page)).toHaveCount(2)
})

test('at 10,000 experiments the history counts exactly, keeps only the rows in view in the page, filters, and scrolls to the oldest', async ({
  page,
}) => {
  const db = openDatabase(path.join(app().dir, 'lab.sqlite'))
  db.transaction(() => {
    for (let e = 0; e < 10_000; e++) {
      const model = e % 2 === 0 ? 'seed-weather' : 'greedy-trap'
      const exp = createExperiment(db, {
        modelId: model,
        modelKind: 'table',
        vocabSize: 5,
        prompt: `prompt ${e}`,
        promptTokens: [],
        maxTokens: 8,
        topN: 3,
      })
      const run = createRun(db, exp, 0, { name: e % 4 < 2 ? 'greedy' : 'beam', params: {} })
      const status: Exclude<RunStatus, 'running'> = e % 4 === 3 ? 'failed' : 'done'
      finishRun(db, run, { status, elapsedMs: 1, error: status === 'failed' ? 'seeded failure' : undefined })
    }
  })()
  db.close()

  await page.goto(app().url)
  await expect(history(page).getByText('10,000 experiments', { exact: true })).toBeVisible()
  await expect(rows(page).first().locator('.experiment-prompt')).toHaveText('prompt 9999')
  const inDom = await rows(page).count()
  expect(inDom).toBeGreaterThan(3)
  expect(inDom).toBeLessThan(40)

  // e % 4 = 3 failed: odd, so greedy-trap, and beam (e % 4 ≥ 2): 2,500 experiments.
  await history(page).getByLabel('filter by status').selectOption('failed')
  await expect(history(page).getByText('2,500 experiments', { exact: true })).toBeVisible()
  await history(page).getByLabel('filter by model').selectOption('seed-weather')
  await expect(history(page).getByText('No experiments match this search and these filters.')).toBeVisible()
  await history(page).getByLabel('filter by model').selectOption('greedy-trap')
  await history(page).getByLabel('filter by status').selectOption('')
  // greedy-trap (odd e) with a greedy run (e % 4 < 2): e % 4 = 1.
  await history(page).getByLabel('filter by strategy').selectOption('greedy')
  await expect(history(page).getByText('2,500 experiments', { exact: true })).toBeVisible()
  await expect(rows(page).first().locator('.experiment-prompt')).toHaveText('prompt 9997')
  await history(page).getByLabel('filter by strategy').selectOption('')

  await history(page).getByLabel('search prompts').fill('prompt 4999')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first().locator('.run-error')).toHaveText('seeded failure')

  await history(page).getByRole('button', { name: 'Clear filters' }).first().click()
  await expect(history(page).getByText('10,000 experiments', { exact: true })).toBeVisible()
  // Scrolled to the end, the list asks for the last page and shows the oldest experiment.
  await history(page)
    .locator('.experiment-list')
    .evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(row(page, 1).locator('.experiment-prompt')).toHaveText('prompt 0', { timeout: 10_000 })
  expect(await rows(page).count()).toBeLessThan(40)
  await shot(page, 'history-10k-end')

  // Deleting the oldest experiment's only run, down there: the list reloads the rows in view, not only the first page.
  await expand(page, 1)
  await runRows(page, 1).getByRole('button', { name: 'delete run 1', exact: true }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Delete run', exact: true }).click()
  await expect(history(page).getByText('9,999 experiments', { exact: true })).toBeVisible()
  await expect(row(page, 2).locator('.experiment-prompt')).toHaveText('prompt 1')
  await expect(row(page, 1)).toHaveCount(0)
  await expect(history(page).locator('.experiment-pending')).toHaveCount(0)
})

test('re-run repeats a run with the same settings: greedy gives 0.432 again, nucleus draws the same sample with its seed', async ({
  page,
}) => {
  await page.goto(app().url)
  await compose(page, 'seed-weather', [
    ['greedy', {}],
    ['nucleus', { p: '0.9' }],
  ])
  await runAndWait(page, 1)
  await expand(page, 1)
  const firstNucleus = (await runRows(page, 1).nth(1).locator('.run-name').getAttribute('title')) ?? ''
  expect(firstNucleus).toMatch(/^nucleus:p=0\.9,temperature=1,seed=\d+,samples=1$/)
  const nucleusRow = page.locator('.compare tbody tr', { hasText: 'nucleus' })
  const firstSample = await nucleusRow.locator('td').nth(1).textContent()

  // The greedy run is #1; its re-run becomes #3, alone in its own experiment (2).
  await page.getByRole('button', { name: 're-run run 1', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Re-running' })).toHaveText(
    'Re-running run #1 (greedy) on seed-weather with the same prompt and settings.',
  )
  await expect(rows(page)).toHaveCount(2, { timeout: 30_000 })
  await expect(rows(page).nth(0).locator('.experiment-strategies')).toHaveText('greedy')
  await expect(rows(page).nth(0).locator('.experiment-best')).toHaveText('best 天气好<end> p = 0.432')
  await expand(page, 2)
  await expect(runRows(page, 2)).toHaveText(['#3greedydoneRe-runDelete'])
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')

  const rerunButton = page.getByRole('button', { name: 're-run run 2', exact: true })
  await expect(rerunButton).toHaveAttribute(
    'title',
    /reuses the recorded seed \d+, so it reproduces the same sample\.$/,
  )
  await rerunButton.click()
  await expect(rows(page)).toHaveCount(3, { timeout: 30_000 })
  await expand(page, 3)
  await expect(runRows(page, 3).locator('.run-name')).toHaveAttribute('title', firstNucleus)
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await expect(page.locator('.compare tbody tr').first().locator('td').nth(1)).toHaveText(firstSample ?? '')
})

test('delete asks first: "Keep it" and Escape keep the run, "Delete run" removes it and its comparison', async ({
  page,
}) => {
  await page.goto(app().url)
  await compose(page, 'seed-weather', [['greedy', {}]])
  await runAndWait(page, 1)
  await expect(page.getByLabel('chain rule')).toContainText('0.432')
  await expand(page, 1)

  await page.getByRole('button', { name: 'delete run 1', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Delete run #1?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('This deletes the greedy run on seed-weather and its probability tree.')
  await shot(page, 'history-delete-confirm')
  await dialog.getByRole('button', { name: 'Keep it' }).click()
  await expect(dialog).toBeHidden()
  await expect(runRows(page, 1)).toHaveCount(1)

  await page.getByRole('button', { name: 'delete run 1', exact: true }).click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(runRows(page, 1)).toHaveCount(1)

  await page.getByRole('button', { name: 'delete run 1', exact: true }).click()
  await dialog.getByRole('button', { name: 'Delete run', exact: true }).click()
  await expect(rows(page)).toHaveCount(0)
  await expect(page.getByLabel('history', { exact: true }).locator('.empty')).toHaveText(
    'No runs yet. Compose one above: pick seed-weather, keep a preset and press Run (or Ctrl+Enter). Every run is saved here.',
  )
  await expect(page.getByLabel('chain rule')).toHaveCount(0)
})

test('the file picker trains an n-gram model on a small text, selects it, and a greedy run on it completes', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByText('Train an n-gram model from a text file').click()
  await page.getByLabel('training text file').setInputFiles({
    name: 'weather notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('天气好\n天气好\n天气不好\n', 'utf8'),
  })
  await expect(page.getByLabel('model name', { exact: true })).toHaveValue('weather-notes')
  await expect(page.locator('.ngram .file-name')).toHaveText('weather notes.txt')
  await page.getByLabel('order', { exact: true }).fill('2')
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Trained' })).toContainText(
    'Trained "weather-notes" and selected it:',
  )
  await expect(page.getByLabel('model', { exact: true })).toHaveValue('weather-notes')

  await compose(page, 'weather-notes', [['greedy', {}]], '天')
  await runAndWait(page, 1)
  await expect(rows(page).nth(0).locator('.experiment-model')).toHaveText('weather-notes')
  // An n-gram's tokens are pieces of text: joined as they are.
  await expect(rows(page).nth(0).locator('.best-text')).toHaveText('气好</s>')
  await expand(page, 1)
  await expect(runRows(page, 1).locator('.status')).toHaveText('done')
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await expect(page.locator('.compare tbody tr').first().locator('td').nth(1)).toHaveText('气好</s>')
  await shot(page, 'ngram-trained')
})

test('a file that is not UTF-8 gives a clear message and adds no model', async ({ page }) => {
  await page.goto(app().url)
  const options = page.getByLabel('model', { exact: true }).locator('option')
  await expect(options).toHaveText([
    'seed-weather (table)',
    'greedy-trap (table)',
    'tang-poems (gguf)',
    'tang-poems-1block (gguf)',
  ])
  await page.getByText('Train an n-gram model from a text file').click()
  // "café au lait" in Latin-1: the é (0xE9) is not valid UTF-8.
  await page
    .getByLabel('training text file')
    .setInputFiles({ name: 'latin1.txt', mimeType: 'text/plain', buffer: Buffer.from('caf\xe9 au lait\n', 'latin1') })
  await page.getByRole('button', { name: 'Train', exact: true }).click()
  await expect(page.locator('.ngram').getByRole('alert')).toHaveText(
    'latin1.txt is not valid UTF-8 text. Save it as UTF-8 (for example with your editor\'s "Save with encoding" or `iconv -t UTF-8`) and pick it again.',
  )
  await page.reload()
  await expect(options).toHaveText([
    'seed-weather (table)',
    'greedy-trap (table)',
    'tang-poems (gguf)',
    'tang-poems-1block (gguf)',
  ])
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
  await expect(history.getByLabel('按状态筛选').locator('option')).toHaveText([
    '所有状态',
    '已完成',
    '运行中',
    '已取消',
    '失败',
    '已中断',
  ])
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
  await runAndWait(page, 1)
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

test('shortcuts: ? opens the help, / focuses the search, Ctrl+Enter runs from anywhere, Escape cancels the running job', async ({
  page,
}) => {
  await page.goto(app().url)
  await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toHaveAttribute(
    'title',
    'Keyboard shortcuts (?)',
  )
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
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432', {
    timeout: 30_000,
  })
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
  await expand(page, 2)
  await expect(runRows(page, 2).locator('.status')).toHaveText('cancelled')
})
