import fs from 'node:fs'
import path from 'node:path'
import { writeChatGguf, writeRandomGgufWith } from '../src/main/models/testing/chat-gguf'
import { expect, openView, shot, test, useWebApp } from './web-app'

const app = useWebApp()

test('the Models view lists the GGUF files in LM Studio’s folder and an added folder, and uses one', async ({
  page,
}) => {
  const home = app().dir
  writeChatGguf(home, '.lmstudio/models/org/Tiny-GGUF/tiny-chat.gguf', undefined, { contextLength: 512 })
  const mine = path.join(home, 'my-models')
  const plain = writeRandomGgufWith(mine, 'plain.gguf', [])
  fs.writeFileSync(path.join(mine, 'broken.gguf'), 'GGUF')
  await page.goto(app().url)
  await openView(page, 'Models')
  const found = page.getByRole('region', { name: 'Model files on this computer' })
  const row = found.locator('tbody tr', { hasText: 'org/Tiny-GGUF/tiny-chat.gguf' })
  await expect(row.locator('td')).toHaveText([
    'org/Tiny-GGUF/tiny-chat.gguf',
    'LM Studio',
    'llama',
    '39.5K',
    'F32',
    '512',
    '295',
    'yes',
    '0.2 MiB',
    'Use in a new experiment',
  ])
  await expect(found.locator('tbody tr')).toHaveCount(1)
  await found.getByLabel('Folder to add').fill(mine)
  await found.getByRole('button', { name: 'Add folder' }).click()
  await expect(found.locator('tbody tr')).toHaveCount(3)
  await expect(found.locator('tbody tr', { hasText: 'broken.gguf' })).toContainText(
    `cannot be read: ${path.join(mine, 'broken.gguf')} is truncated`,
  )
  await expect(found.locator('tbody tr', { hasText: 'plain.gguf' }).locator('td').nth(7)).toHaveText('no')
  // Every column, the button last, fits beside the sidebar at this window's width.
  const table = await found.locator('.discovered-table').boundingBox()
  const use = await row.getByRole('button', { name: 'Use in a new experiment' }).boundingBox()
  expect(table && use).toBeTruthy()
  if (table && use) expect(use.x + use.width).toBeLessThanOrEqual(table.x + table.width + 0.5)
  await shot(page, 'models-discovered')
  // The added folder is remembered across a reload.
  await page.reload()
  await expect(found.locator('tbody tr')).toHaveCount(3)
  await found
    .locator('tbody tr', { hasText: 'plain.gguf' })
    .getByRole('button', { name: 'Use in a new experiment' })
    .click()
  await expect(page.getByLabel('model', { exact: true })).toHaveValue(plain)
})
