import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { InputError } from '../../core/errors'

export function defaultChromium(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

/**
 * Prints self-contained HTML to PDF with headless Chromium, in a throwaway profile, with
 * networking off. The desktop app passes Electron's printToPDF instead (ExportOptions.printToPdf).
 */
export async function chromiumPdf(html: string, chromium = defaultChromium()): Promise<Buffer> {
  if (!fs.existsSync(chromium)) {
    const needs = `PDF export needs Chromium, and ${chromium} does not exist; install it (apt-get install -y chromium) or set CHROMIUM_PATH`
    throw new InputError(`${needs}, or export --format html and print that from a browser`, {
      app: `${needs} before starting Decoding Lab, or export the HTML report and print that from a browser`,
    })
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-pdf-'))
  try {
    const page = path.join(dir, 'report.html')
    const pdf = path.join(dir, 'report.pdf')
    fs.writeFileSync(page, html)
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-pdf-header-footer',
      `--user-data-dir=${path.join(dir, 'profile')}`,
      `--print-to-pdf=${pdf}`,
      pathToFileURL(page).href,
    ]
    await new Promise<void>((resolve, reject) => {
      execFile(chromium, args, { timeout: 120_000 }, (err, _stdout, stderr) => {
        if (err && !fs.existsSync(pdf))
          reject(
            new Error(
              `Chromium could not print the report to PDF (${err.message.split('\n')[0]}): ${String(stderr).trim().split('\n').pop() ?? ''}`,
            ),
          )
        else resolve()
      })
    })
    const data = fs.readFileSync(pdf)
    if (data.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new Error(`Chromium wrote ${pdf}, but it is not a PDF`)
    return data
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
