// @vitest-environment node
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../store/database'
import { getRun } from '../store/runs-repo'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const ROOT = path.resolve(__dirname, '../../..')
const tempDir = useTempDir()

describe('run', () => {
  it('decodes seed-weather greedily to 天 气 好 <end> with probability 0.432 and stores it', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await json('run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', db)
    expect(r.model).toEqual({ id: 'seed-weather', kind: 'table', vocabSize: 5 })
    expect(r.prompt).toBe('')
    const [run] = r.runs
    expect(run.strategy).toEqual({ name: 'greedy', params: {} })
    const [seq] = run.sequences
    expect(seq.tokens).toEqual(['天', '气', '好', '<end>'])
    expect(seq.text).toBe('天气好')
    expect(seq.finished).toBe(true)
    expect(seq.probability).toBeCloseTo(0.6 * 0.9 * 0.8 * 1.0, 12)
    expect(seq.logProb).toBeCloseTo(Math.log(0.432), 12)
    expect(seq.steps.map((s: { prob: number }) => s.prob)).toEqual([0.6, 0.9, 0.8, 1.0])
    // Root; its candidates 天, 好; 天's 气, 好; 气's 好, <end>; 好's <end>.
    expect(run.treeNodes).toBe(8)
    const store = openDatabase(db)
    const saved = getRun(store, run.id)
    store.close()
    expect(saved?.status).toBe('done')
    expect(saved?.tree).toHaveLength(8)
    expect(saved?.sequences[0].tokens).toEqual(['天', '气', '好', '<end>'])
  })

  it('shows on greedy-trap that beam search of width 2 beats greedy', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await json(
      'run',
      '--model',
      'greedy-trap',
      '--strategy',
      'greedy',
      '--strategy',
      'beam:width=2',
      '--strategy',
      'exact',
      '--db',
      db,
    )
    const [greedy, beam, exact] = r.runs
    expect(greedy.sequences[0].text).toBe('the cat')
    expect(greedy.sequences[0].probability).toBeCloseTo(0.55 * 0.4, 12)
    expect(beam.strategy).toEqual({ name: 'beam', params: { width: 2, lengthPenalty: 0 } })
    expect(beam.sequences.map((s: { text: string }) => s.text)).toEqual(['a cat', 'the cat'])
    expect(beam.sequences[0].probability).toBeCloseTo(0.45 * 0.9, 12)
    expect(exact.optimal).toBe(true)
    expect(exact.strategy.params).toEqual({ budget: 1_000_000 })
    expect(exact.sequences[0].probability).toBeCloseTo(0.405, 12)
  })

  it('fills in every default and records a drawn seed, and the recorded seed repeats the run', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await json('run', '--model', 'greedy-trap', '--strategy', 'nucleus:samples=20', '--db', db)
    const { params } = r.runs[0].strategy
    expect(Object.keys(params).sort()).toEqual(['p', 'samples', 'seed', 'temperature'])
    expect(params).toMatchObject({ p: 0.9, temperature: 1, samples: 20 })
    expect(Number.isInteger(params.seed)).toBe(true)
    const again = await json(
      'run',
      '--model',
      'greedy-trap',
      '--strategy',
      `nucleus:samples=20,seed=${params.seed}`,
      '--db',
      db,
    )
    expect(again.runs[0].sequences).toEqual(r.runs[0].sequences)
  })

  it('prints a readable table with the chain-rule breakdown', async () => {
    const r = await cli(
      'run',
      '--model',
      'seed-weather',
      '--strategy',
      'greedy',
      '--db',
      path.join(tempDir(), 'lab.sqlite'),
    )
    expect(r.code).toBe(0)
    expect(r.out).toContain('0.6 × 0.9 × 0.8 × 1.0 = 0.432')
    expect(r.out).toMatch(/greedy\s+天 气 好 <end>\s+0\.432\s+-0\.8393/)
  })

  it('fails a run whose model has no rule for a prefix with exit 1 and stores it as failed', async () => {
    const dir = tempDir()
    const model = path.join(dir, 'gap.json')
    fs.writeFileSync(
      model,
      JSON.stringify({
        format: 'decoding-lab/table@1',
        bos: '<s>',
        eos: '</s>',
        vocab: ['<s>', 'x', '</s>'],
        rules: [{ context: ['<s>'], next: { x: 1 } }],
      }),
    )
    const db = path.join(dir, 'lab.sqlite')
    const r = await cli('run', '--model', model, '--strategy', 'greedy', '--db', db, '--json')
    expect(r.code).toBe(1)
    const run = JSON.parse(r.out).runs[0]
    expect(run.status).toBe('failed')
    expect(r.err).toContain('no rule for the prefix "<s> x"')
    const store = openDatabase(db)
    const saved = getRun(store, run.id)
    store.close()
    expect(saved?.status).toBe('failed')
    expect(saved?.error).toContain('no rule for the prefix "<s> x"')
    expect(saved?.tree.length).toBeGreaterThan(1)
  })
})

describe('score, runs, show, models', () => {
  it('scores 天气好 as 0.432, with EOS on request, and an impossible text as 0 with logProb null', async () => {
    const s = await json('score', '--model', 'seed-weather', '--text', '天气好')
    expect(s.tokens).toEqual(['天', '气', '好'])
    expect(s.probability).toBeCloseTo(0.432, 12)
    expect(s.steps.map((x: { prob: number }) => x.prob)).toEqual([0.6, 0.9, 0.8])
    const eos = await json('score', '--model', 'seed-weather', '--text', '天气好', '--eos')
    expect(eos.tokens).toEqual(['天', '气', '好', '<end>'])
    expect(eos.probability).toBeCloseTo(0.432, 12)
    const impossible = await json('score', '--model', 'seed-weather', '--text', '气')
    expect(impossible.probability).toBe(0)
    expect(impossible.logProb).toBeNull()
    expect(impossible.steps).toEqual([{ token: '气', prob: 0, logProb: null }])
  })

  it('lists runs newest first and shows one with its tree', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const a = await json('run', '--model', 'seed-weather', '--strategy', 'greedy', '--db', db)
    const b = await json('run', '--model', 'greedy-trap', '--prompt', 'the', '--strategy', 'beam:width=2', '--db', db)
    const list = await json('runs', '--db', db)
    expect(list.runs.map((r: { id: number }) => r.id)).toEqual([b.runs[0].id, a.runs[0].id])
    expect(list.runs[0]).toMatchObject({
      experimentId: b.experimentId,
      model: 'greedy-trap',
      prompt: 'the',
      status: 'done',
      strategy: { name: 'beam' },
    })
    const shown = await json('show', String(b.runs[0].id), '--db', db)
    // After "the": cat 0.4, then dog 0.3 (lower id than bird on the tie).
    expect(shown.sequences.map((s: { text: string }) => s.text)).toEqual(['cat', 'dog'])
    expect(shown.tree[0]).toMatchObject({ parent: null, depth: 0, expanded: true })
    expect(shown.tree.find((n: { text: string }) => n.text === 'bird').status).toBe('pruned')
  })

  it('lists the built-in models', async () => {
    const m = await json('models')
    expect(m.models.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining(['seed-weather', 'greedy-trap']))
    expect(m.models[0]).toMatchObject({ kind: 'table', builtin: true })
  })
})

describe('bad input exits with code 2 and one line naming the fault', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown model', ['run', '--model', 'no-such-model', '--strategy', 'greedy'], /unknown model "no-such-model"/],
    [
      'file that is not a model',
      ['run', '--model', '@NOT_A_MODEL', '--strategy', 'greedy'],
      /not-a-model\.bin is not a model/,
    ],
    [
      'malformed table',
      ['run', '--model', '@MALFORMED', '--strategy', 'greedy'],
      /\$\.rules\[0\]\.next\["好"\]: probability must be in \[0, 1\]/,
    ],
    ['unknown strategy', ['run', '--model', 'seed-weather', '--strategy', 'wander'], /unknown strategy "wander"/],
    [
      'unknown parameter',
      ['run', '--model', 'seed-weather', '--strategy', 'beam:widht=2'],
      /unknown parameter "widht"/,
    ],
    [
      'p above 1',
      ['run', '--model', 'seed-weather', '--strategy', 'nucleus:p=1.5'],
      /p must be in \(0, 1\], got p = 1\.5/,
    ],
    ['p of 0', ['run', '--model', 'seed-weather', '--strategy', 'nucleus:p=0'], /p must be in \(0, 1\], got p = 0/],
    ['width 0', ['run', '--model', 'seed-weather', '--strategy', 'beam:width=0'], /width must be >= 1, got width = 0/],
    [
      'temperature 0',
      ['run', '--model', 'seed-weather', '--strategy', 'sample:temperature=0'],
      /temperature must be > 0, got temperature = 0/,
    ],
    [
      'negative max-tokens',
      ['run', '--model', 'seed-weather', '--strategy', 'greedy', '--max-tokens', '-1'],
      /--max-tokens must be a whole number >= 0, got "-1"/,
    ],
    [
      'untokenizable prompt',
      ['run', '--model', 'seed-weather', '--prompt', '天雨', '--strategy', 'greedy'],
      /cannot tokenize "天雨": "雨"/,
    ],
    ['unknown flag', ['run', '--model', 'seed-weather', '--strategy', 'greedy', '--beam'], /--beam/],
    ['unknown command', ['decode'], /unknown command "decode"/],
    ['unknown run', ['show', '999'], /no run 999 in/],
    [
      'corrupt database',
      ['runs', '--db', '@CORRUPT'],
      /corrupt\.sqlite is not an SQLite database \(it starts with "not "\); Decoding Lab will not modify it: pass another --db\n$/,
    ],
  ]
  for (const [name, argv, message] of cases) {
    it(name, async () => {
      const dir = tempDir()
      fs.writeFileSync(path.join(dir, 'not-a-model.bin'), Buffer.from([0, 1, 2, 3, 255, 254]))
      const malformed = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources/models/seed-weather.table.json'), 'utf8'))
      malformed.rules[0].next['好'] = 1.4
      fs.writeFileSync(path.join(dir, 'malformed.json'), JSON.stringify(malformed))
      fs.writeFileSync(path.join(dir, 'corrupt.sqlite'), 'not a database '.repeat(500))
      const files: Record<string, string> = {
        '@NOT_A_MODEL': 'not-a-model.bin',
        '@MALFORMED': 'malformed.json',
        '@CORRUPT': 'corrupt.sqlite',
      }
      const args = argv.map((a) => (files[a] ? path.join(dir, files[a]) : a))
      const db = args.includes('--db') ? [] : ['--db', path.join(dir, 'lab.sqlite')]
      const r = await cli(...args, ...(args[0] === 'decode' ? [] : db))
      expect(r.code).toBe(2)
      expect(r.out).toBe('')
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1)
      expect(r.err).toMatch(message)
    })
  }

  it('starts no run on bad input', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    await cli('run', '--model', 'seed-weather', '--strategy', 'greedy', '--strategy', 'beam:width=0', '--db', db)
    expect(fs.existsSync(db)).toBe(false)
  })
})

describe('entry points', () => {
  it('`npx decoding-lab` and `npm run -s cli` work from source with no build step', () => {
    const viaNpx = execFileSync(
      'npx',
      ['decoding-lab', 'score', '--model', 'seed-weather', '--text', '天气好', '--json'],
      { cwd: ROOT, encoding: 'utf8' },
    )
    expect(JSON.parse(viaNpx).probability).toBeCloseTo(0.432, 12)
    const env = { ...process.env, DECODING_LAB_HOME: tempDir() }
    const viaNpm = spawnSync('npm', ['run', '-s', 'cli', '--', 'run', '--model', 'nope', '--strategy', 'greedy'], {
      cwd: ROOT,
      encoding: 'utf8',
      env,
    })
    expect(viaNpm.status).toBe(2)
    expect(viaNpm.stderr.trim().split('\n')).toEqual([
      'error: unknown model "nope": it is neither a model id (seed-weather, greedy-trap, tang-poems, tang-poems-1block) nor an existing file',
    ])
  }, 30_000)
})
