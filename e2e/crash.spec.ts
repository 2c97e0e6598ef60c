import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { patchGguf } from '../src/main/models/testing/gguf-patch'
import { expect, openView, test, useWebApp } from './web-app'

const app = useWebApp()
const SHIPPED = path.resolve(__dirname, '../resources/models/tang-poems.gguf')

/** Model hosts (src/main/models/gguf-host) of this test's server: only one browser-mode server runs at a time. */
function hostPids(): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
  return out
    .split('\n')
    .filter((l) => /gguf-host[/.]|host-entry\.ts/.test(l))
    .map((l) => Number(l.trim().split(/\s+/)[0]))
}

test('browser mode outlives a malformed URL and llama.cpp aborting, at load and mid-decode; the next run works', async ({
  page,
}) => {
  await page.goto(app().url)
  const origin = new URL(app().url).origin
  // Any site's page could send this with an <img>: it needs no token.
  expect((await page.request.get(`${origin}/%ff`)).status()).toBe(400)

  // A file whose header passes every check but makes llama.cpp's GGML_ASSERT abort while it loads.
  const crashing = patchGguf(SHIPPED, app().dir, 'experts.gguf', {
    'llama.expert_count': 2,
    'llama.expert_used_count': 3,
  })
  await page.getByText('Open a model file').click()
  await page.getByLabel('Model file path').fill(crashing)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(page.getByLabel('model', { exact: true })).toHaveValue(crashing)
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('greedy')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'llama.cpp crashed' })).toContainText(
    `llama.cpp crashed on ${crashing}: llama-model.cpp:1260: GGML_ASSERT(n_expert_used_max <= hparams.n_expert) failed`,
    { timeout: 30_000 },
  )

  // The shipped model, its host killed by SIGABRT (as llama.cpp's abort() does) while it decodes.
  await page.getByLabel('model', { exact: true }).selectOption('tang-poems')
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('nucleus')
  await boxes.first().getByLabel('samples').fill('50')
  await page.getByLabel('max tokens', { exact: true }).fill('250')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByRole('progressbar').first()).toBeVisible({ timeout: 30_000 })
  await expect.poll(() => hostPids().length, { timeout: 30_000 }).toBeGreaterThan(0)
  for (const pid of hostPids()) process.kill(pid, 'SIGABRT')
  await openView(page, 'Experiments')
  const history = page.getByLabel('history', { exact: true })
  await expect(history.locator('.run-error').first()).toHaveText(
    `llama.cpp crashed on ${SHIPPED} without a message (its model host ended, killed by SIGABRT)`,
    { timeout: 30_000 },
  )

  // A fresh host for the next run, in the same server.
  await page.getByLabel('max tokens', { exact: true }).fill('8')
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('greedy')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
  await expect(page.getByLabel('chain rule')).toContainText('P(', { timeout: 30_000 })
  expect((await page.request.get(`${origin}/`)).status()).toBe(200)
})
