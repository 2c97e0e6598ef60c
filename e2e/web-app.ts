import { test as base, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * Playwright's test, on a page where the first-run experiment has already been shown: the specs
 * start from an empty history. The first-run spec uses the plain test from @playwright/test.
 */
export const test = base.extend({
  page: async ({ page }, use) => {
    await page.addInitScript(() => localStorage.setItem('decoding-lab-welcomed', '1'))
    await use(page)
  },
})
export { expect } from '@playwright/test'

/** Shows one of the open experiment's tabs (Compare, Text, Tree, Overlay, Metrics, Reproducibility). */
export async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tablist', { name: 'experiment views' }).getByRole('tab', { name, exact: true }).click()
}

/** Shows a section of the sidebar's navigation (Experiments, Sweeps, Models) in the workspace. */
export async function openView(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'sections' }).getByRole('button', { name, exact: true }).click()
}

export interface WebApp {
  url: string
  dir: string
  stop(): Promise<void>
}

/** Starts browser mode (`src/main/web/web-main.ts`) on a fresh database; the renderer must be built. */
export async function startWebApp(): Promise<WebApp> {
  const root = path.resolve(__dirname, '..')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-e2e-'))
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/main/web/web-main.ts', '--db', path.join(dir, 'lab.sqlite')],
    {
      cwd: root,
      // The fake home keeps model discovery (LM Studio's, Ollama's folders…) off this machine's real one.
      env: { ...process.env, DECODING_LAB_HOME: dir, DECODING_LAB_USER_HOME: dir, DECODING_LAB_GPU: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`browser mode did not start: ${out}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      out += chunk.toString()
      const match = /running at (http:\/\/\S+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => reject(new Error(`browser mode exited with ${code}: ${out}`)))
  })
  return {
    url,
    dir,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A fresh browser-mode app on its own database for every test of the file that calls this; read it with `app()`. */
export function useWebApp(): () => WebApp {
  let app: WebApp | null = null
  base.beforeEach(async () => {
    app = await startWebApp()
  })
  base.afterEach(async () => {
    await app?.stop()
  })
  return () => {
    if (!app) throw new Error('the web app starts before each test')
    return app
  }
}

const SHOTS = path.resolve(__dirname, '../test-results/screenshots')

/** A full-page screenshot, kept as a test artifact in test-results/screenshots. */
export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}
