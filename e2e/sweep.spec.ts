import { expect, openView, shot, test, useWebApp } from './web-app'

const app = useWebApp()

test('a sweep from the app: prompts from a file, progress to the end, the metrics table per strategy cell and the trade-off chart', async ({
  page,
}) => {
  await page.goto(app().url)
  await openView(page, 'Sweeps')
  const sweeps = page.getByRole('region', { name: 'Sweeps', exact: true })
  await sweeps.getByLabel('sweep model').selectOption('greedy-trap')
  await sweeps
    .getByLabel('prompts file, one prompt per line')
    .setInputFiles({ name: 'prompts.txt', mimeType: 'text/plain', buffer: Buffer.from('the\n\na\n', 'utf8') })
  await expect(sweeps.getByText('prompts.txt (prompts: 2)')).toBeVisible()
  // A fixed seed: the metrics below need two different tokens among the samples of every cell.
  await sweeps.getByLabel('sweep strategy').fill('nucleus:seed=1,samples=5')
  await expect(sweeps.getByLabel('sweep grid')).toHaveAttribute('placeholder', 'p=0.5,0.7,0.9; temperature=0.7,1')
  await sweeps.getByLabel('sweep grid').fill('p=0.5,0.9; temperature=0.7,1')
  await sweeps.getByLabel('sweep max tokens').fill('8')
  await sweeps.getByRole('button', { name: 'Start sweep' }).click()

  // 2 × 2 cells on 2 prompts.
  await expect(sweeps.getByRole('status')).toHaveText('Sweep finished: 8 of 8 cells done.', { timeout: 30_000 })
  await expect(sweeps.getByRole('region', { name: 'sweep progress' })).toHaveCount(0)
  const table = sweeps.getByRole('table', { name: 'sweep metrics' })
  await expect(table.locator('tbody tr')).toHaveCount(4)
  await expect(table.locator('tbody tr td:first-child')).toHaveText([
    'nucleus p=0.5,temperature=0.7',
    'nucleus p=0.5,temperature=1',
    'nucleus p=0.9,temperature=0.7',
    'nucleus p=0.9,temperature=1',
  ])
  for (const row of await table.locator('tbody tr').all()) {
    // perplexity, Self-BLEU-4, Zipf, Repetition %: 10 sequences per cell give each a value.
    const cells = row.locator('td')
    for (const i of [1, 2, 3]) await expect(cells.nth(i)).toHaveText(/^\d+\.\d{3}$/)
    await expect(cells.nth(4)).toHaveText(/^\d+\.\d$/)
    await expect(cells.nth(7)).toHaveText('10')
    await expect(cells.nth(8)).toHaveText('2/2')
  }
  const chart = sweeps.getByRole('figure', { name: 'Likelihood against diversity' })
  await expect(chart.locator('.recharts-scatter-symbol')).toHaveCount(4)
  await expect(chart.locator('.recharts-label-list text')).toHaveText([
    'p=0.5,temperature=0.7',
    'p=0.5,temperature=1',
    'p=0.9,temperature=0.7',
    'p=0.9,temperature=1',
  ])
  // Every text here is one token (cat, dog or bird after the prompt): no bigram, so no distinct-2.
  await chart.getByLabel('diversity measure of the chart').selectOption('distinct2')
  await expect(chart.getByText('No cell has both values yet.')).toBeVisible()
  await chart.getByLabel('diversity measure of the chart').selectOption('selfBleu4')

  const past = sweeps.getByRole('list', { name: 'Past sweeps' })
  await expect(past.getByRole('listitem')).toHaveCount(1)
  await expect(past.getByRole('listitem')).toContainText(
    'greedy-trap · nucleus:seed=1,samples=5 over p=0.5,0.9; temperature=0.7,1 · prompts: 2 · 8/8 done',
  )
  await shot(page, 'sweep-results')

  // Opened again after a reload (the Sweeps view stays open), in Chinese.
  await page.reload()
  await page.getByLabel('Language').selectOption('zh-CN')
  const zh = page.getByRole('region', { name: '参数扫描', exact: true })
  await zh.getByRole('button', { name: /^打开扫描 \d+$/ }).click()
  await expect(zh.getByRole('table', { name: '扫描指标' }).locator('tbody tr')).toHaveCount(4)
  await expect(zh.getByRole('figure', { name: '似然与多样性的权衡' }).locator('.recharts-scatter-symbol')).toHaveCount(
    4,
  )
  await shot(page, 'sweep-results-zh')
})

test('a running sweep shows cells done and time left, cancels with what finished kept, and started again runs only the rest', async ({
  page,
}) => {
  await page.goto(app().url)
  await openView(page, 'Sweeps')
  const sweeps = page.getByRole('region', { name: 'Sweeps', exact: true })
  await sweeps.getByLabel('sweep model').selectOption('tang-poems')
  await sweeps
    .getByLabel('prompts file, one prompt per line')
    .setInputFiles({ name: 'poems.txt', mimeType: 'text/plain', buffer: Buffer.from('春\n', 'utf8') })
  await sweeps.getByLabel('sweep strategy').fill('sample:samples=2')
  await sweeps.getByLabel('sweep grid').fill('seed=1,2,3,4,5,6,7,8,9,10,11,12')
  await sweeps.getByLabel('sweep max tokens').fill('64')
  await sweeps.getByRole('button', { name: 'Start sweep' }).click()

  const progress = sweeps.getByRole('region', { name: 'sweep progress' })
  await expect(progress.locator('.sweep-count')).toHaveText(/^([1-9]|1[01]) of 12 cells done$/, { timeout: 30_000 })
  await expect(progress).toContainText(/about [\d.]+ (s|min) left/)
  await shot(page, 'sweep-running')
  await progress.getByRole('button', { name: 'Cancel sweep' }).click()
  const status = sweeps.getByRole('status')
  await expect(status).toHaveText(
    /^Sweep cancelled: ([1-9]|1[01]) of 12 cells are done and stored\. Start the same sweep again to run the rest\.$/,
    { timeout: 30_000 },
  )
  const kept = Number(/: (\d+) of/.exec((await status.textContent()) ?? '')?.[1])
  await expect(sweeps.getByRole('table', { name: 'sweep metrics' }).locator('tbody tr td:last-child')).toHaveText(
    Array.from({ length: 12 }, (_, i) => (i < kept ? '1/1' : '0/1')),
  )

  await sweeps.getByRole('button', { name: 'Start sweep' }).click()
  await expect(status).toHaveText('Sweep finished: 12 of 12 cells done.', { timeout: 30_000 })
  await expect(sweeps.getByRole('list', { name: 'Past sweeps' }).getByRole('listitem')).toHaveCount(1)
  await expect(sweeps.getByRole('table', { name: 'sweep metrics' }).locator('tbody tr td:last-child')).toHaveText(
    Array(12).fill('1/1'),
  )
  // History: the sweep is one experiment with one run per cell, the cancelled one replaced when its cell ran again.
  await expect(page.getByLabel('history', { exact: true }).getByText('1 experiment', { exact: true })).toBeVisible()
  await expect(
    page.getByLabel('history', { exact: true }).locator('.experiment-row').getByText('12 runs', { exact: true }),
  ).toBeVisible()
})

test('a sweep without a prompts file runs on the open experiment’s prompt', async ({ page }) => {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('greedy-trap')
  await page.getByLabel('prompt', { exact: true }).fill('the')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.experiment-title')).toHaveText('Experiment 1: greedy-trap, prompt “the”', {
    timeout: 30_000,
  })
  await openView(page, 'Sweeps')
  const sweeps = page.getByRole('region', { name: 'Sweeps', exact: true })
  await sweeps.getByLabel('sweep model').selectOption('greedy-trap')
  await expect(sweeps.getByLabel('sweep prompt')).toHaveValue('the')
  await sweeps.getByLabel('sweep strategy').fill('nucleus:samples=2')
  await sweeps.getByLabel('sweep grid').fill('p=0.5,0.9')
  await sweeps.getByLabel('sweep max tokens').fill('8')
  await sweeps.getByRole('button', { name: 'Start sweep' }).click()
  await expect(sweeps.getByRole('status')).toHaveText('Sweep finished: 2 of 2 cells done.', { timeout: 30_000 })
  await expect(sweeps.getByRole('list', { name: 'Past sweeps' }).getByRole('listitem')).toContainText('prompts: 1')
  // What was typed is not kept: after a reload the field offers the reopened experiment's prompt again.
  await sweeps.getByLabel('sweep prompt').fill('')
  await page.reload()
  await expect(page.getByRole('region', { name: 'Sweeps', exact: true }).getByLabel('sweep prompt')).toHaveValue('the')
})
