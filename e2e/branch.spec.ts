import type { Locator, Page } from '@playwright/test'
import { expect, openTab, shot, test, useWebApp } from './web-app'

const app = useWebApp()

/** Runs `model` with the given strategies (name and parameters) from the compose form; waits for `rows` rows in the comparison. */
async function decode(
  page: Page,
  model: string,
  specs: [string, Record<string, string>][],
  rows: number,
): Promise<void> {
  await page.getByLabel('model', { exact: true }).selectOption(model)
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  for (let i = 0; i < specs.length; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Add strategy' }).click()
    const [name, params] = specs[i]
    await boxes.nth(i).getByLabel('strategy', { exact: true }).selectOption(name)
    for (const [k, v] of Object.entries(params)) await boxes.nth(i).getByLabel(`${name} ${k}`).fill(v)
  }
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(rows)
}

/** The label "token prob" of a drawn tree node. */
const label = (tree: Locator, text: string): Locator => tree.locator('.tree-label').getByText(text, { exact: true })

test('force a candidate from the tree and continue with greedy: a branch of the same experiment, the forced node marked', async ({
  page,
}) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.goto(app().url)
  await decode(page, 'seed-weather', [['greedy', {}]], 1)
  const chain = page.getByLabel('chain rule')
  await expect(chain).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
  await openTab(page, 'Tree')
  const tree = page.getByLabel('probability tree', { exact: true })
  await expect(tree.locator('[data-forced]')).toHaveCount(0)

  // 好 (0.4) under the prompt: greedy left it a candidate.
  await label(tree, '好 0.4').click()
  const selection = tree.getByRole('group', { name: 'selected node' })
  await expect(selection.locator('output')).toHaveText('Selected: 好 (P = 0.4)')
  const form = selection.getByRole('form', { name: 'branch from this node' })
  await expect(form.locator('.branch-path')).toHaveText('好')
  await expect(form.getByLabel('branch strategy')).toHaveValue('own')
  await expect(form.getByLabel('branch strategy').locator('option:checked')).toHaveText('this run’s strategy (greedy)')
  await shot(page, 'branch-form')
  await form.getByRole('button', { name: 'Continue from here' }).click()

  // The branch joins the same experiment as its run 2, shown in the tree: 好 forced (0.4), then greedy ends with <end> (1.0).
  await expect(page.getByRole('tab', { name: 'run 2: greedy after 好 (forced)' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await openTab(page, 'Compare')
  const rows = page.locator('.compare tbody tr')
  await expect(rows).toHaveCount(2)
  // The branch is named as one in the table, its full spec in the tooltip.
  await expect(rows.locator('td.strategy')).toHaveText(['greedy', 'greedy after 好 (forced)'])
  await expect(rows.nth(0).locator('td.tokens')).toHaveText('天气好<end>')
  await expect(rows.nth(1).locator('td.tokens')).toHaveText('好<end>')
  await expect(rows.nth(0).locator('.forced-tokens')).toHaveCount(0)
  await expect(rows.nth(1).locator('.forced-tokens')).toHaveText('好')
  await expect(rows.nth(1).locator('.forced-tokens')).toHaveAttribute('title', 'forced')
  await rows.nth(1).click()
  await expect(chain).toHaveText('P(好<end>) = 0.4 × 1.0 = 0.4')
  await openTab(page, 'Tree')
  await expect(page.getByRole('tab', { name: 'run 1: greedy' })).toHaveAttribute('aria-selected', 'false')
  await expect(page.getByRole('tab', { name: 'run 2: greedy after 好 (forced)' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(tree.locator('.tree-node[data-forced="true"]')).toHaveCount(1)
  await expect(tree.locator('.tree-label[data-forced="true"]')).toHaveText('好 0.4')
  await expect(tree.locator('.tree-node[data-forced="true"] .tree-forced')).toHaveAttribute('stroke-dasharray', '3 2')
  await expect(tree.locator('.tree-node[data-forced="true"] > title')).toContainText(
    'forced: given by hand, not picked by the strategy',
  )
  await expect(tree.locator('.legend-forced')).toHaveText('forced')
  await shot(page, 'branch-forced-hao')

  // From the branch's own tree, 天 then 好 (a candidate greedy left under 天 in run 1 is not in run 2's tree): go back to run 1.
  await page.getByRole('tab', { name: 'run 1: greedy' }).click()
  await label(tree, '好 0.1').click()
  await expect(form.locator('.branch-path')).toHaveText('天 好')
  await form.getByRole('button', { name: 'Continue from here' }).click()
  await expect(page.getByRole('tab', { name: 'run 3: greedy after 天 → 好 (forced)' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(tree.locator('.tree-label[data-forced="true"]')).toHaveText(['天 0.6', '好 0.1'])
  await openTab(page, 'Compare')
  await expect(rows).toHaveCount(3)
  await rows.nth(2).click()
  await expect(chain).toHaveText('P(天好<end>) = 0.6 × 0.1 × 1.0 = 0.06')
  await expect(page.locator('.compare tbody tr .forced-tokens')).toHaveText(['好', '天好'])
  await shot(page, 'branch-forced-tian-hao')
  expect(errors).toEqual([])
})

test('branch with another strategy: beam of width 4 after the forced 天, in the same experiment', async ({ page }) => {
  await page.goto(app().url)
  await decode(page, 'seed-weather', [['greedy', {}]], 1)
  await openTab(page, 'Tree')
  const tree = page.getByLabel('probability tree', { exact: true })
  await label(tree, '天 0.6').click()
  const form = tree.getByRole('form', { name: 'branch from this node' })
  await form.getByLabel('branch strategy').selectOption('beam')
  await form.getByRole('button', { name: 'Continue from here' }).click()
  await expect(page.getByRole('tab', { name: 'run 2: beam 4 after 天 (forced)' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(tree.locator('.tree-label[data-forced="true"]')).toHaveText(['天 0.6'])
  // Greedy's row stays; beam keeps both continuations of 天: 天 气 好 <end> (0.432), 天 气 <end> (0.108), 天 好 <end> (0.06).
  await openTab(page, 'Compare')
  await expect(page.locator('.compare tbody tr td.tokens')).toHaveText([
    '天气好<end>',
    '天气好<end>',
    '天气<end>',
    '天好<end>',
  ])
})

test('edit the text at a node: "天好" typed after the prompt is tokenized as 天 好 and forced, a new run of the same experiment', async ({
  page,
}) => {
  await page.goto(app().url)
  await decode(page, 'seed-weather', [['greedy', {}]], 1)
  await openTab(page, 'Tree')
  const tree = page.getByLabel('probability tree', { exact: true })
  await label(tree, '天 0.6').click()
  const form = tree.getByRole('form', { name: 'branch from this node' })
  await form.getByRole('button', { name: 'Edit the text' }).click()
  const text = form.getByLabel('text to force')
  await expect(text).toHaveValue('天')
  await expect(form).toContainText('After the empty prompt, force')
  await text.fill('天好')
  await shot(page, 'branch-edit-text')
  await form.getByRole('button', { name: 'Continue from here' }).click()
  await expect(page.getByRole('tab', { name: 'run 2: greedy after 天 → 好 (forced)' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(tree.locator('.tree-label[data-forced="true"]')).toHaveText(['天 0.6', '好 0.1'])
  await openTab(page, 'Compare')
  const rows = page.locator('.compare tbody tr')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(1).locator('.forced-tokens')).toHaveText('天好')
  await rows.nth(1).click()
  await expect(page.getByLabel('chain rule')).toHaveText('P(天好<end>) = 0.6 × 0.1 × 1.0 = 0.06')

  // A text the model cannot spell fails with the tokenizer's message, and no run is added.
  await openTab(page, 'Tree')
  await label(tree, '天 0.6').click()
  await form.getByRole('button', { name: 'Edit the text' }).click()
  await form.getByLabel('text to force').fill('雨')
  await form.getByRole('button', { name: 'Continue from here' }).click()
  await expect(page.getByRole('alert')).toContainText('cannot tokenize "雨"')
  await expect(page.getByRole('tablist', { name: 'runs' }).getByRole('tab')).toHaveCount(2)
})

test('compose: the order select fills the code; speculative with draft seed-weather shows its acceptance and the draft counts', async ({
  page,
}) => {
  await page.goto(app().url)
  const box = page.locator('fieldset.strategy').first()
  await box.getByLabel('strategy', { exact: true }).selectOption('sample')
  await box.getByLabel('sample order preset').selectOption('llama')
  await expect(box.getByLabel('sample order', { exact: true })).toHaveValue('1253533382885')
  await box.getByLabel('sample order preset').selectOption('hf')
  await expect(box.getByLabel('sample order', { exact: true })).toHaveValue('20015998343868')
  await box.getByLabel('sample order', { exact: true }).fill('1383')
  await expect(box.getByLabel('sample order preset')).toHaveValue('custom')

  await box.getByLabel('strategy', { exact: true }).selectOption('speculative')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(box.getByRole('alert')).toContainText('speculative needs a draft model')
  await expect(box.getByLabel('speculative draft model')).toHaveValue('')
  await box.getByLabel('speculative draft model').selectOption('seed-weather')
  await box.getByLabel('speculative seed').fill('1')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByLabel('chain rule')).toHaveText('P(天气好<end>) = 0.6 × 0.9 × 0.8 × 1.0 = 0.432')
  // The draft is the target itself: every proposal is accepted, and one round of 4 checks all 4 tokens.
  await expect(page.getByLabel('speculative decoding')).toHaveText(
    'Run 1, speculative with draft seed-weather: acceptance 100% (4 of 4 drafted tokens accepted, 0 rejected); target calls: 1 for 4 tokens, 3 saved',
  )
  await openTab(page, 'Tree')
  const tree = page.getByLabel('probability tree', { exact: true })
  await expect(tree.locator('.legend-draft')).toContainText('Speculative run')
  const hao = tree.locator('.tree-node', { has: page.locator('title', { hasText: /^好: P = 0.8/ }) })
  await expect(hao.locator('title')).toContainText('draft model proposed it 1×: 1 accepted, 0 rejected')
  await shot(page, 'speculative-stats')
})

test('all runs overlaid: greedy and beam of width 2 on greedy-trap, each path in its colour, the pruned hypotheses thin, and a chart line per path', async ({
  page,
}) => {
  await page.goto(app().url)
  await decode(
    page,
    'greedy-trap',
    [
      ['greedy', {}],
      ['beam', { width: '2' }],
    ],
    3,
  )
  await openTab(page, 'Overlay')
  const overlay = page.getByLabel('all runs in one tree')
  const node = (text: string): Locator =>
    overlay.locator('.overlay-node', { has: page.locator('text', { hasText: new RegExp(`^${text}$`) }) })
  await expect(overlay.locator('.overlay-node')).toHaveCount(10)
  // greedy (run 1) finds the cat, beam (run 2) both the cat and a cat; the shared prefix is drawn once.
  await expect(node('the 0.55')).toHaveAttribute('data-runs', '1 2')
  await expect(node('a 0.45')).toHaveAttribute('data-runs', '2')
  await expect(node('cat 0.9')).toHaveAttribute('data-runs', '2')
  await expect(overlay.locator('.overlay-node[data-pruned-by="2"] text')).toHaveText(['dog 0.3', 'bird 0.3', 'dog 0.1'])
  // One legend entry per run listing its final sequences; the three pruned hypotheses share one thin grey entry.
  await expect(overlay.locator('.overlay-run')).toHaveText(['run 1: greedy', 'run 2: beam 2#1#2'])
  await expect(overlay.locator('.overlay-path')).toHaveText(['run 1: greedy', '#1', '#2'])
  await expect(overlay.locator('.overlay-pruned')).toHaveText('pruned hypotheses (3, thin grey)')
  // Colours come from the run and the sequence: run 1's first, run 2's first and second.
  const [blue, pink, green, grey] = ['#2563eb', '#db2777', '#4d7c0f', '#94a3b8']
  const legend = await overlay
    .locator('.overlay-path')
    .evaluateAll((es) => es.map((e) => e.getAttribute('data-colour')))
  expect(legend).toEqual([blue, pink, green])
  const strokes = await overlay
    .locator('.overlay-edge')
    .evaluateAll((ps) =>
      [
        ...new Set(
          ps.map(
            (p) =>
              `${p.getAttribute('data-path')} ${p.getAttribute('stroke')} ${p.getAttribute('data-pruned') ?? 'kept'}`,
          ),
        ),
      ].sort(),
    )
  expect(strokes).toEqual([
    `0 ${blue} kept`,
    `1 ${pink} kept`,
    `2 ${green} kept`,
    `3 ${grey} true`,
    `4 ${grey} true`,
    `5 ${grey} true`,
  ])
  // the → cat carries greedy's path and beam's second, side by side.
  // The pruned hypotheses draw one thin line per edge: "the dog" and "the bird" share the edge into "the".
  await expect(overlay.locator('.overlay-edge[data-pruned]')).toHaveCount(5)
  await expect(overlay.locator('.overlay-edge[data-pruned]').first()).toHaveAttribute('data-paths', '3 4')
  // A cumulative log-likelihood line per path, grouped as the legend is: a name per sequence, one entry for the pruned.
  const chart = page.getByLabel('Cumulative log-likelihood of each path')
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(6)
  const lines = await chart.locator('.recharts-line-curve').evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')))
  expect(lines).toEqual([blue, pink, green, grey, grey, grey])
  // Beam's second sequence is greedy's "the cat": its curve is dashed and named as the same.
  await expect(chart.locator('.recharts-legend-item-text')).toHaveText([
    'run 1: greedy',
    'run 2: beam 2 #1',
    'run 2: beam 2 #2 (same as run 1: greedy)',
  ])
  await expect(chart.locator('.recharts-line-curve').nth(2)).toHaveAttribute('stroke-dasharray', '6 4')
  await expect(chart.locator('.chart-legend-extra')).toHaveText('pruned hypotheses (3, thin grey)')
  await shot(page, 'tree-overlay-greedy-trap')
})

test('branch from the overlay: force the pruned "the dog" and continue with greedy, a new run of the same experiment drawn in the overlay', async ({
  page,
}) => {
  await page.goto(app().url)
  await decode(
    page,
    'greedy-trap',
    [
      ['greedy', {}],
      ['beam', { width: '2' }],
    ],
    3,
  )
  await openTab(page, 'Overlay')
  const overlay = page.getByLabel('all runs in one tree')
  await overlay.locator('.overlay-node text').getByText('dog 0.3', { exact: true }).click()
  const selection = overlay.getByRole('group', { name: 'selected node' })
  await expect(selection.locator('output')).toHaveText('Selected: dog (P = 0.3)')
  const form = selection.getByRole('form', { name: 'branch from this node' })
  await expect(form.locator('.branch-path')).toHaveText('the dog')
  await form.getByLabel('branch strategy').selectOption('greedy')
  await form.getByRole('button', { name: 'Continue from here' }).click()

  await expect(overlay.locator('.overlay-node[data-forced="true"] text')).toHaveText(['the 0.55', 'dog 0.3'])
  await expect(overlay.locator('.overlay-path').last()).toHaveText('run 3: greedy after the → dog (forced)')
  await shot(page, 'branch-from-overlay')
  await openTab(page, 'Compare')
  const rows = page.locator('.compare tbody tr')
  await expect(rows).toHaveCount(4)
  await expect(rows.nth(3).locator('.forced-tokens')).toHaveText('the dog')
  await rows.nth(3).click()
  await expect(page.getByLabel('chain rule')).toHaveText('P(the dog </s>) = 0.55 × 0.3 × 1.0 = 0.165')
})

test('twenty sampled paths overlaid stay apart: 8 colours, then dash patterns, 20 legend entries and 20 chart lines', async ({
  page,
}) => {
  await page.goto(app().url)
  await decode(page, 'greedy-trap', [['nucleus', { p: '1', seed: '1', samples: '20' }]], 20)
  await openTab(page, 'Overlay')
  const overlay = page.getByLabel('all runs in one tree')
  const entries = overlay.locator('.overlay-path')
  await expect(entries).toHaveCount(20)
  await expect(overlay.locator('.overlay-run-name')).toHaveText('run 1: nucleus 1')
  await expect(entries.first()).toHaveText('#1')
  const styles = await entries.evaluateAll((es) =>
    es.map((e) => `${e.getAttribute('data-colour')} ${e.getAttribute('data-dash') ?? 'solid'}`),
  )
  expect(new Set(styles).size).toBe(20)
  expect(styles.slice(0, 8).every((s) => s.endsWith('solid'))).toBe(true)
  expect(styles[8]).toBe('#2563eb 8 4')
  expect(styles[16]).toBe('#2563eb 2 3')
  // Every path starts on the root's edge: 20 lanes there, squeezed within one row.
  const firstEdge = await overlay
    .locator('.overlay-edge')
    .evaluateAll((ps) => ps.filter((p) => p.getAttribute('d')?.startsWith('M0,')).length)
  expect(firstEdge).toBe(20)
  const chart = page.getByLabel('Cumulative log-likelihood of each path')
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(20)
  const dashes = await chart
    .locator('.recharts-line-curve')
    .evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke-dasharray')))
  expect(dashes[8]).toBe('8 4')
  // Twenty names do not fit recharts' legend: they are listed under the chart, each with its line's colour and dash.
  await expect(chart.locator('.chart-legend li')).toHaveCount(20)
  await expect(chart.locator('.chart-legend li').nth(8).locator('line')).toHaveAttribute('stroke-dasharray', '8 4')
  await shot(page, 'tree-overlay-twenty-samples')
})
