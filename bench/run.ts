import fs from 'node:fs'
import path from 'node:path'
import { benchRecording } from './recording.bench'
import { benchStore } from './store.bench'

/** Runs every benchmark (or those named on the command line) in one process and prints its figures; ratios are what the issues set targets on. */
async function main(): Promise<void> {
  const results: Record<string, number | string> = { date: new Date().toISOString() }
  const sections: [string, () => Promise<Record<string, number | string>> | Record<string, number | string>][] = [
    ['recording', benchRecording],
    ['store', benchStore],
  ]
  sections.push(['flatness', async () => (await import('./flatness.bench')).benchFlatness()])
  sections.push(['report', async () => (await import('./report.bench')).benchReport()])
  sections.push(['browser', async () => (await import('./browser.bench')).benchBrowser()])
  sections.push(['history', async () => (await import('./history.bench')).benchHistory()])
  sections.push(['tree-render', async () => (await import('./tree-render.bench')).benchTreeRender()])
  sections.push(['tree-scale', async () => (await import('./tree-scale.bench')).benchTreeScale()])
  const gguf = path.join(__dirname, 'gguf.bench.ts')
  if (fs.existsSync(gguf)) sections.push(['gguf', async () => (await import('./gguf.bench')).benchGguf()])
  sections.push(['speculative', async () => (await import('./speculative.bench')).benchSpeculative()])
  sections.push(['remote', async () => (await import('./remote.bench')).benchRemote()])
  // `npm run bench -- gguf store` runs only the sections named.
  const only = process.argv.slice(2)
  for (const [name, fn] of sections) {
    if (only.length > 0 && !only.includes(name)) continue
    process.stderr.write(`bench: ${name}…\n`)
    const figures = await fn()
    Object.assign(results, figures)
    for (const [k, v] of Object.entries(figures))
      console.log(`${k.padEnd(36)} ${typeof v === 'number' ? v.toFixed(3) : v}`)
  }
  fs.mkdirSync('.bench', { recursive: true })
  fs.writeFileSync('.bench/results.json', `${JSON.stringify(results, null, 2)}\n`)
}

void main()
