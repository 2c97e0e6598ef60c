// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

describe('export --lang', () => {
  it('writes an HTML report in Chinese, English by default, and refuses a language or format it does not apply to', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const run = await json('run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', db)
    const zh = path.join(dir, 'zh.html')
    expect(
      (await cli('export', `exp:${run.experimentId}`, '--format', 'html', '--lang', 'zh-CN', '--out', zh, '--db', db))
        .code,
    ).toBe(0)
    const html = fs.readFileSync(zh, 'utf8')
    expect(html).toContain('<html lang="zh-CN">')
    expect(html).toContain('<h2>对比</h2>')
    const en = path.join(dir, 'en.html')
    expect((await cli('export', `exp:${run.experimentId}`, '--format', 'html', '--out', en, '--db', db)).code).toBe(0)
    expect(fs.readFileSync(en, 'utf8')).toContain('<h2>Comparison</h2>')
    const fr = await cli(
      'export',
      `exp:${run.experimentId}`,
      '--format',
      'html',
      '--lang',
      'fr',
      '--out',
      en,
      '--db',
      db,
    )
    expect(fr.code).not.toBe(0)
    expect(fr.err).toContain('export: --lang must be one of en, zh-CN, got "fr"')
    const csv = await cli(
      'export',
      `exp:${run.experimentId}`,
      '--format',
      'csv',
      '--lang',
      'zh-CN',
      '--out',
      path.join(dir, 'a.csv'),
      '--db',
      db,
    )
    expect(csv.err).toContain('export: --lang applies to html and pdf; csv holds data, not words')
  })
})
