import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

test('the step panel: on seed-weather, sample with top-k 1 keeps 天 (0.6 → 1) and top-k removes 好 (0.4 → 0) below its cut line', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('seed-weather')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('sample')
  await boxes.first().getByLabel('sample topK').fill('1')
  await boxes.first().getByLabel('sample seed').fill('1')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  // top-k 1 is greedy: 天 气 好 <end>, 0.6 × 0.9 × 0.8 × 1.0.
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
  await openTab(page, 'Tree')
  await page.locator('.tree-label[data-id]', { hasText: '天' }).first().click({ force: true })
  const panel = page.getByRole('group', { name: 'step panel' })
  await expect(panel.locator('summary')).toHaveText('Step 1: the distribution after (prompt)')
  await expect(panel.locator('.step-removed')).toHaveText('Removed: topK 1')
  const rows = panel.locator('.step-row')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText('天')
  await expect(rows.nth(0).locator('.step-values')).toHaveText('0.6 → 1.0')
  await expect(rows.nth(1).locator('.step-values')).toHaveText('0.4 → 0')
  await expect(rows.nth(1).locator('.step-filtered')).toHaveText('removed by topK')
  // The cut line sits between the kept token and the removed one.
  await expect(panel.locator('.step-rows > li')).toHaveText([/天/, 'topK cuts here', /好/])
  await shot(page, 'step-panel')

  // The Text tab: clicking a token pins its step in the same panel; 气 was drawn at step 2, after 天 (0.9 → 1.0).
  await openTab(page, 'Text')
  await page.locator('.text-sequence .tok', { hasText: '气' }).first().click()
  const textPanel = page.locator('.text-view').getByRole('group', { name: 'step panel' })
  await expect(textPanel.locator('summary')).toHaveText('Step 2: the distribution after “天”')
  await expect(textPanel.locator('.step-row').first().locator('.step-values')).toHaveText('0.9 → 1.0')
  await expect(textPanel.locator('.step-removed')).toHaveText('Removed: topK 1')
  await shot(page, 'step-panel-text')
})

test('logit bias from the form: 天=false bans 天 at step 1, so sample decodes 好 <end> (0.4 × 1.0) and the panel says the constraint removed 天', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('seed-weather')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('sample')
  await boxes.first().locator('summary', { hasText: 'Logit bias and banned strings' }).click()
  // A text the bias cannot parse is named before Run.
  await boxes.first().getByLabel('sample logitBias').fill('天')
  await expect(boxes.first().getByRole('alert')).toContainText('logitBias must be token=bias pairs')
  await boxes.first().getByLabel('sample logitBias').fill('天=false')
  await expect(boxes.first().getByRole('alert')).toHaveCount(0)
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByLabel('chain rule')).toHaveText('P(好<end>) = 0.4 × 1.0 = 0.4')
  await openTab(page, 'Tree')
  await page.locator('.tree-label[data-id]', { hasText: '好' }).first().click({ force: true })
  const panel = page.getByRole('group', { name: 'step panel' })
  await expect(panel.locator('.step-removed')).toHaveText('Removed: constraint (logitBias) 1')
  await expect(panel.locator('.step-row', { hasText: '天' }).locator('.step-filtered')).toHaveText(
    'removed by constraint (logitBias)',
  )
  await expect(panel.locator('.step-row', { hasText: '好' }).locator('.step-values')).toHaveText('0.4 → 1.0')
  await shot(page, 'step-panel-logit-bias')
})

test('order comparison: temperature 2 and top-p 0.58 in hf order keep both tokens (√.6 : √.4); in llama order top-p comes first and keeps 天 alone', async ({
  page,
}) => {
  await page.goto(app().url)
  await page.getByLabel('model', { exact: true }).selectOption('seed-weather')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('sample')
  await boxes.first().getByLabel('sample temperature').fill('2')
  await boxes.first().getByLabel('sample topP').fill('0.58')
  await boxes.first().getByLabel('sample order preset').selectOption('hf')
  await boxes.first().getByLabel('sample seed').fill('1')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await openTab(page, 'Tree')
  await page.locator('.tree-label[data-id]', { hasText: '天' }).first().click({ force: true })
  const panel = page.getByRole('group', { name: 'step panel' })
  const rows = panel.locator('.step-row:not(.step-head)')
  // hf: temperature first, √.6/(√.6 + √.4) = 0.5505 < 0.58, so top-p keeps both.
  await expect(rows.nth(0).locator('.step-values').first()).toHaveText('0.6 → 0.5505')
  await expect(rows.nth(1).locator('.step-values').first()).toHaveText('0.4 → 0.4495')
  await expect(panel.getByLabel('Compare with order')).toHaveValue('llama')
  await panel.getByRole('button', { name: 'Compare', exact: true }).click()
  // llama: top-p first on 0.6 : 0.4 keeps 天 (0.6 ≥ 0.58); temperature then leaves it at 1.
  await expect(rows.nth(0).locator('.step-other-value')).toHaveText('1.0')
  await expect(rows.nth(1).locator('.step-other-value')).toHaveText('0 removed by topP')
  await expect(panel.locator('.step-chains')).toContainText('This run (hf): ')
  await expect(panel.locator('.step-chains')).toContainText('Compared (llama): ')
  await shot(page, 'step-panel-order-comparison')
  // A comparison stays on for the next step selected: step 2 after 天 (气 0.9, 好 0.1 at temperature 2).
  await page.locator('.tree-label[data-id]', { hasText: '气' }).first().click({ force: true })
  await expect(panel.locator('summary')).toHaveText('Step 2: the distribution after “天”')
  // llama: top-p 0.58 on 0.9 : 0.1 keeps 气 alone.
  await expect(rows.nth(0).locator('.step-other-value')).toHaveText('1.0')
  // An order that leaves out a processor the run sets is refused with the reason.
  await panel.getByLabel('Compare with order').fill('topP')
  await panel.getByRole('button', { name: 'Compare', exact: true }).click()
  await expect(panel.getByRole('alert')).toHaveText(
    'order topP leaves out temperature, which this run sets; list every processor the run sets',
  )
})
