// @vitest-environment node
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()
const SHOTS = path.resolve(__dirname, '../../../test-results/screenshots')

interface Word {
  text: string
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}
interface Page {
  width: number
  height: number
  words: Word[]
}

/** Every page of a PDF with its words and their boxes, as poppler's pdftotext -bbox reads them. */
function pdfPages(file: string): Page[] {
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 })
  return [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((p) => ({
    width: Number(p[1]),
    height: Number(p[2]),
    words: [
      ...p[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
    ].map((w) => ({
      xMin: Number(w[1]),
      yMin: Number(w[2]),
      xMax: Number(w[3]),
      yMax: Number(w[4]),
      text: w[5]
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"'),
    })),
  }))
}

const line = (p: Page): string => p.words.map((w) => w.text).join(' ')

describe('PDF export at the scale of a neural model', () => {
  it('wraps wide tables inside the page and prints the focused 48-token beam-4 tree one readable piece per page', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const run = await json(
      'run',
      '--model',
      'tang-poems',
      '--prompt',
      '床前明月光，',
      '--strategy',
      'beam:width=4',
      '--strategy',
      'nucleus:p=0.9,seed=1',
      '--max-tokens',
      '48',
      '--db',
      db,
    )
    // The beam's longest sequence has all 48 tokens: its tree reaches depth 48.
    expect(Math.max(...run.runs[0].sequences.map((s: { tokens: string[] }) => s.tokens.length))).toBe(48)
    expect(run.runs[0].treeNodes).toBeGreaterThan(1000)
    const out = path.join(dir, 'tang.pdf')
    const r = await cli('export', 'exp:1', '--format', 'pdf', '--out', out, '--db', db)
    expect(r.err).toBe('')
    const pages = pdfPages(out)

    // No word of any page lies past the page's right edge: the 13-column metrics table and the
    // provenance table wrap inside it, their last columns on the page.
    for (const [i, p] of pages.entries()) {
      const over = p.words.filter((w) => w.xMax > p.width + 0.5)
      expect(over.map((w) => `page ${i + 1}: ${w.text}`)).toEqual([])
    }
    // The per-sequence metrics table's header: its last column, length, right of distinct-1/2/3 on their line, on the page.
    const metrics = pages.flatMap((p) => {
      const distinct = p.words.filter((w) => w.text === 'distinct-')
      const length = p.words.find(
        (w) =>
          w.text === 'length' &&
          distinct.length === 3 &&
          distinct.every((d) => Math.abs(d.yMin - w.yMin) < 1 && d.xMax < w.xMin),
      )
      return length ? [{ page: p, length }] : []
    })
    expect(metrics.length, 'the per-sequence metrics table with its last column').toBeGreaterThanOrEqual(1)
    for (const m of metrics) expect(m.length.xMax).toBeLessThan(m.page.width)
    const provenance = pages.find((p) => line(p).includes('a re-run repeats it'))
    expect(provenance, 'the reproducibility table with its last column').toBeDefined()
    expect(provenance!.words.find((w) => w.text === 'repeats')!.xMax).toBeLessThan(provenance!.width)

    // The beam's tree: one piece per page, cut across by depth 0–5, 5–10, … 45–48 (each piece
    // repeats the last column of the one before), with at least one page per band.
    const caption = /^Tree of run 1 beam:width=4,lengthPenalty=0: page (\d+) of (\d+), depth (\d+)–(\d+)$/
    const pieces = pages.flatMap((p) => {
      const text = line(p)
      const at = text.indexOf('Tree of run 1 beam:width=4,lengthPenalty=0: page')
      if (at < 0) return []
      const m = caption.exec(text.slice(at).split(' ').slice(0, 11).join(' '))
      return m ? [{ page: p, n: Number(m[1]), of: Number(m[2]), depths: `${m[3]}–${m[4]}` }] : []
    })
    expect(pieces.length).toBeGreaterThanOrEqual(10)
    expect(pieces.map((p) => p.n)).toEqual(pieces.map((_, i) => i + 1))
    expect(pieces.every((p) => p.of === pieces.length)).toBe(true)
    expect([...new Set(pieces.map((p) => p.depths))]).toEqual([
      '0–5',
      '5–10',
      '10–15',
      '15–20',
      '20–25',
      '25–30',
      '30–35',
      '35–40',
      '40–45',
      '45–48',
    ])
    // Folded candidates, as in the app, and no piece shrunk below 0.8 of full size: the word "more"
    // of a fold label is as wide on every page as on a full-size one, to within that factor.
    // (Below each piece's legend: the note above the first piece says "+N more" too.)
    const foldWords = pieces.flatMap(({ page }) => {
      const legend = page.words.find((w) => w.text === 'candidate')!
      return page.words.filter((w) => w.text === 'more' && w.yMin > legend.yMax)
    })
    expect(foldWords.length).toBeGreaterThan(20)
    const widths = foldWords.map((w) => w.xMax - w.xMin)
    // 12 px italic sans is 9 pt: "more" is about 19.5 pt wide at full size.
    expect(Math.max(...widths)).toBeGreaterThan(18)
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(0.79 * Math.max(...widths))

    // Newline tokens are visible in the tree (⏎); Chinese runs on without gaps: the beam's first
    // sequence is one word to poppler, as it reads in the app.
    expect(pieces.some((p) => p.page.words.some((w) => w.text.includes('⏎')))).toBe(true)
    const best = run.runs[0].sequences[0].tokens
      .filter((t: string) => t !== '</s>')
      .join('')
      .split('\n')[0]
    expect(best.length).toBeGreaterThanOrEqual(4)
    expect(pages.some((p) => p.words.some((w) => w.text.startsWith(best)))).toBe(true)

    fs.mkdirSync(SHOTS, { recursive: true })
    const first = pages.indexOf(pieces[0].page) + 1
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      String(first),
      '-l',
      String(first + 1),
      out,
      path.join(SHOTS, 'report-tang-tree'),
    ])
  }, 180_000)
})
