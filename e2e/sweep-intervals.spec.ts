import fs from 'node:fs'
import { expect, openView, shot, test, useWebApp } from './web-app'

const app = useWebApp()

test('a sweep over 3 seeds shows each metric with its interval, the frontier chart and the matched table at a chosen level', async ({
  page,
}) => {
  await page.goto(app().url)
  await openView(page, 'Sweeps')
  const sweeps = page.getByRole('region', { name: 'Sweeps', exact: true })
  await sweeps.getByLabel('sweep model').selectOption('greedy-trap')
  await sweeps.getByLabel('sweep prompt').fill('the')
  await sweeps.getByLabel('sweep strategy').fill('nucleus:samples=6')
  await sweeps.getByLabel('sweep grid').fill('p=0.5,0.7,0.9')
  await sweeps.getByLabel('sweep seeds').fill('3')
  await sweeps.getByLabel('sweep max tokens').fill('6')
  await sweeps.getByRole('button', { name: 'Start sweep' }).click()
  // 3 values of p × 3 seeds.
  await expect(sweeps.getByRole('status')).toHaveText('Sweep finished: 9 of 9 cells done.', { timeout: 60_000 })

  const intervals = sweeps.getByRole('table', { name: 'sweep intervals' })
  await expect(intervals.locator('caption')).toHaveText(
    'Mean and 95% interval over prompts × seeds (percentile bootstrap, 1000 resamples, seed 1)',
  )
  await expect(intervals.locator('tbody tr td:first-child')).toHaveText([
    'nucleus p=0.5',
    'nucleus p=0.7',
    'nucleus p=0.9',
  ])
  for (const row of await intervals.locator('tbody tr').all()) {
    await expect(row.locator('td').nth(1)).toHaveText('3')
    // mean log-prob: "mean [low, high]".
    await expect(row.locator('td').nth(2)).toHaveText(/^-\d+\.\d{4} \[-\d+\.\d{4}, -\d+\.\d{4}\]$/)
  }

  const frontier = sweeps.getByRole('figure', { name: 'Frontier: quality against diversity, with intervals' })
  await expect(frontier.locator('.recharts-scatter')).toHaveCount(1)
  // Each of the 3 points has a horizontal and a vertical interval bar.
  await expect(frontier.locator('.frontier-bar')).toHaveCount(6)
  await expect(frontier.getByText('One curve per family, traced along p; the bars are 95% intervals.')).toBeVisible()
  await frontier.getByLabel('quality axis of the frontier').selectOption('perplexity')
  await expect(frontier.locator('.recharts-scatter')).toHaveCount(1)

  const matched = sweeps.getByRole('region', { name: 'matched comparison' })
  const level = matched.getByLabel('matched diversity level')
  await expect(level).not.toHaveValue('')
  await expect(
    matched.getByRole('table', { name: 'matched comparison' }).locator('tbody tr td:first-child'),
  ).toHaveText(['nucleus'])
  await expect(matched.getByText(/^Interpolation: linear between the two neighbouring points/)).toBeVisible()
  // Far outside the measured range: not read there.
  await level.fill('5')
  await expect(matched.getByRole('table', { name: 'matched comparison' }).locator('tbody tr td').nth(2)).toHaveText(
    'not measured at this level',
  )
  await shot(page, 'sweep-intervals')

  // Both tables export to CSV.
  const [intervalsFile] = await Promise.all([
    page.waitForEvent('download'),
    sweeps.getByRole('button', { name: 'Save intervals as CSV' }).click(),
  ])
  const intervalsText = fs.readFileSync((await intervalsFile.path()) as string, 'utf8')
  expect(intervalsText.split('\n')[0]).toMatch(/^strategy,values,runs,meanLogProb,meanLogProb_low,meanLogProb_high,/)
  expect(intervalsText.split('\n')[1]).toMatch(/^nucleus,p=0\.5,3,-/)
  await level.fill('0.17')
  const [matchedFile] = await Promise.all([
    page.waitForEvent('download'),
    matched.getByRole('button', { name: 'Save matched table as CSV' }).click(),
  ])
  expect(fs.readFileSync((await matchedFile.path()) as string, 'utf8').split('\n')[0]).toBe(
    'family,parameter,parameter_at_level,selfBleu4_level,perplexity,perplexity_low,perplexity_high,ambiguous,method',
  )
})
