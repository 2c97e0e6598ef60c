import fs from 'node:fs'
import path from 'node:path'
import { benchRecording } from './recording.bench'
import { benchStore } from './store.bench'

/**
 * Runs every benchmark in one process and prints its figures; ratios are what the issues set targets on.
 * `npm run bench -- history gguf` runs only the sections named, and keeps the other figures already in
 * .bench/results.json.
 */
async function main(): Promise<void> {
  const only = process.argv.slice(2)
  const file = path.join('.bench', 'results.json')
  const kept = only.length > 0 && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as object) : {}
  const results: Record<string, number | string> = { ...kept, date: new Date().toISOString() }
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
  const unknown = only.filter((n) => !sections.some(([name]) => name === n))
  if (unknown.length > 0) {
    console.error(
      `error: no bench section ${unknown.join(', ')}; the sections are ${sections.map(([n]) => n).join(', ')}`,
    )
    process.exit(2)
  }
  for (const [name, fn] of sections) {
    if (only.length > 0 && !only.includes(name)) continue
    process.stderr.write(`bench: ${name}…\n`)
    const figures = await fn()
    Object.assign(results, figures)
    for (const [k, v] of Object.entries(figures))
      console.log(`${k.padEnd(36)} ${typeof v === 'number' ? v.toFixed(3) : v}`)
  }
  fs.mkdirSync('.bench', { recursive: true })
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
}

void main()
