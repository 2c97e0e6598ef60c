// @vitest-environment node
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()
const SHOTS = path.resolve(__dirname, '../../../test-results/screenshots')

describe('PDF export', () => {
  it('prints the seed-weather report with headless Chromium to a PDF that poppler reads and renders', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    await json('run', '--model', 'seed-weather', '--strategy', 'greedy', '--strategy', 'beam:width=2', '--db', db)
    const out = path.join(dir, 'weather.pdf')
    const r = await cli('export', 'exp:1', '--format', 'pdf', '--out', out, '--db', db)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' })
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1])
    expect(pages).toBeGreaterThanOrEqual(1)
    const text = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' })
    expect(text).toContain('0.6 × 0.9 × 0.8 × 1.0 = 0.432')
    expect(text).toContain('Tree of run 1 greedy')
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', out, path.join(dir, 'page')])
    const png = fs.readdirSync(dir).find((f) => /^page-0*1\.png$/.test(f))
    expect(png).toBeDefined()
    const image = fs.readFileSync(path.join(dir, png!))
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG')
    fs.mkdirSync(SHOTS, { recursive: true })
    fs.writeFileSync(path.join(SHOTS, 'report-pdf-page1.png'), image)
  }, 120_000)

  it('says clearly what to do when Chromium is not installed, and writes nothing', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    await json('run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', db)
    const out = path.join(dir, 'weather.pdf')
    const before = process.env.CHROMIUM_PATH
    process.env.CHROMIUM_PATH = path.join(dir, 'no-chromium')
    try {
      const r = await cli('export', 'exp:1', '--format', 'pdf', '--out', out, '--db', db)
      expect(r.code).toBe(2)
      expect(r.err).toBe(
        `error: PDF export needs Chromium, and ${path.join(dir, 'no-chromium')} does not exist; install it (apt-get install -y chromium) or set CHROMIUM_PATH, or export --format html and print that from a browser\n`,
      )
      expect(fs.existsSync(out)).toBe(false)
    } finally {
      if (before === undefined) delete process.env.CHROMIUM_PATH
      else process.env.CHROMIUM_PATH = before
    }
  })
})
