import type { Page } from '@playwright/test'
import { writeChatGguf } from '../src/main/models/testing/chat-gguf'
import { expect, openTab, test, useWebApp } from './web-app'

const app = useWebApp()

async function greedy(page: Page): Promise<void> {
  const boxes = page.locator('fieldset.strategy')
  while ((await boxes.count()) > 1) await boxes.last().getByRole('button', { name: 'Remove' }).click()
  await boxes.first().getByLabel('strategy', { exact: true }).selectOption('greedy')
  await page.getByRole('button', { name: 'Run', exact: true }).click()
}

test('"As chat" renders the prompt with the model’s chat template after the system prompt, and the record says so', async ({
  page,
}) => {
  const file = writeChatGguf(app().dir, 'tiny-chat.gguf')
  await page.goto(app().url)
  await page.getByText('Open a model file').click()
  await page.getByLabel('Model file path').fill(file)
  await page.getByRole('button', { name: 'Open', exact: true }).click()
  await expect(page.getByLabel('model', { exact: true })).toHaveValue(file)
  await expect(page.getByLabel('As chat')).toBeChecked()
  await page.getByLabel('prompt', { exact: true }).fill('hi')
  await page.getByLabel('system prompt').fill('Be brief.')
  await page.getByLabel('max tokens', { exact: false }).first().fill('2')
  await greedy(page)
  await openTab(page, 'Reproducibility')
  const record = page.getByRole('region', { name: 'Reproducibility' })
  await expect(record.locator('.chat-note')).toHaveText(
    /^Run #1 ran as chat: the prompt was a user turn of the chat template [0-9a-f]{16}…, after the system prompt “Be brief\.”\.$/,
  )
  // The tests run on the CPU by choice (DECODING_LAB_GPU=off): no reason is owed.
  await expect(record.locator('.gpu-note')).toHaveCount(0)
  await openTab(page, 'Tree')
  await expect(page.locator('.tree-label[data-id="0"] text')).toContainText('assistant')
  await openTab(page, 'Text')
  const fold = page.locator('details.chat-prompt')
  await expect(fold.locator('pre')).toBeHidden()
  await fold.locator('summary').click()
  await expect(fold.locator('pre')).toHaveText(
    '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n',
  )

  await page.getByLabel('As chat').uncheck()
  await expect(page.getByLabel('system prompt')).toBeHidden()
  await greedy(page)
  await openTab(page, 'Reproducibility')
  await expect(page.getByRole('region', { name: 'Reproducibility' }).locator('.chat-note')).toHaveCount(0)
  await openTab(page, 'Tree')
  await expect(page.locator('.tree-label[data-id="0"] text')).toHaveText('(prompt)')
  await openTab(page, 'Text')
  await expect(page.locator('details.chat-prompt')).toHaveCount(0)
})
