import { writeRandomGguf } from '../src/main/models/testing/gguf-fixtures'
import { startLlamaServer, type RunningServer } from '../src/main/models/remote/testing/llama-server'
import { expect, test, startWebApp, type WebApp } from './web-app'

let app: WebApp
let engine: RunningServer
test.beforeEach(async () => {
  app = await startWebApp()
  engine = await startLlamaServer(writeRandomGguf(app.dir, 'engine.gguf', { seed: 3 }), {
    alias: 'fixture',
    parallel: 2,
  })
})
test.afterEach(async () => {
  await engine.stop()
  await app.stop()
})

test('register a llama-server engine in the app: a wrong model name is explained, a typed key is refused in browser mode, then greedy decodes on it through the OpenAI dialect', async ({
  page,
}) => {
  await page.goto(app.url)
  await page.getByText('Add a remote engine (llama-server, vLLM)').click()
  await page.getByLabel('Name', { exact: true }).fill('lab-engine')
  await page.getByLabel('Base URL').fill(engine.url)
  await page.getByLabel('Model name on the engine').fill('llama-70b')
  await page.getByRole('button', { name: 'Check and add' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'does not serve' })).toHaveText(
    `the engine at ${engine.url} does not serve a model named "llama-70b"; it serves: fixture`,
  )

  // Browser mode keeps no API key: it says to use an environment variable instead.
  await page.getByLabel('Model name on the engine').fill('fixture')
  await page.getByLabel('API key (optional, desktop app only)').fill('sk-typed-key')
  await page.getByRole('button', { name: 'Check and add' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'cannot keep API keys' })).toContainText(
    'environment variable named DECODING_LAB_',
  )
  await page.getByLabel('API key (optional, desktop app only)').fill('')

  await page.getByLabel('API', { exact: true }).selectOption('openai')
  await page.getByRole('button', { name: 'Check and add' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Added lab-engine' })).toHaveText(
    'Added lab-engine (openai API, vocabulary 295).',
  )
  await expect(page.getByLabel('model', { exact: true })).toHaveValue('lab-engine')

  await page.getByLabel('prompt', { exact: true }).fill('the ')
  await page.getByLabel('max tokens', { exact: true }).fill('6')
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('greedy')
  await page.getByRole('button', { name: 'Run' }).click()
  await expect(page.locator('.compare tbody tr')).toHaveCount(1)
  await expect(page.getByLabel('history').locator('.experiment-row').first()).toContainText('lab-engine')
})
