// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { appMessage, DecodeError } from '../../core/errors'
import { dispatch } from '../ipc/dispatch'
import { dbInputError, describeSqliteFailure } from '../store/database-errors'
import { cli } from '../testing/run-cli'
import { useLabService, type LabEvent } from '../testing/lab-harness'

const setup = useLabService()

/** A CLI flag as the CLI's messages name them: --grid, --force, --db, --format … */
const FLAG = /(^|\s|\()--[a-z]/

const sweep = { model: 'seed-weather', prompts: [''], strategy: 'nucleus', grid: 'p=0.5,0.9', maxTokens: 8, topN: 5 }

describe('errors in the app use the app’s words, the CLI keeps its flags', () => {
  it('a bad sweep grid: the app names the grid entry, the CLI its --grid', async () => {
    const { service } = setup()
    const cases: [Partial<typeof sweep>, string, string][] = [
      [
        { grid: 'p' },
        'sweep: the grid entry "p" is not KEY=V1,V2,…, e.g. p=0.5,0.7,0.9',
        'sweep: --grid "p" is not KEY=V1,V2,…, e.g. --grid p=0.5,0.7,0.9',
      ],
      [
        { grid: 'p=0.5,x' },
        'sweep: the grid entry "p=0.5,x": p values must be numbers, got "x"',
        'sweep: --grid "p=0.5,x": p values must be numbers, got "x"',
      ],
      [
        { grid: 'p=0.5,0.5' },
        'sweep: the grid entry "p=0.5,0.5" lists a value twice',
        'sweep: --grid "p=0.5,0.5" lists a value twice',
      ],
      [
        { grid: 'p=0.5; p=0.9' },
        'sweep: p is on the grid twice; list all its values in one entry',
        'sweep: p has two --grid options; list all its values in one',
      ],
      [
        { strategy: 'nucleus:p=0.9' },
        'sweep: p is both fixed on the strategy and on the grid; give it in one place',
        'sweep: p is both fixed (in --strategy or --samples) and on the grid; give it in one place',
      ],
    ]
    for (const [change, app, cliText] of cases) {
      const reply = await dispatch(service, 'sweep.start', { ...sweep, ...change })
      expect(reply).toEqual({ ok: false, error: app, kind: 'input' })
      const grid = (change.grid ?? sweep.grid).split(';').flatMap((g) => ['--grid', g.trim()])
      const r = await cli(
        'sweep',
        '--model',
        'seed-weather',
        '--strategy',
        change.strategy ?? sweep.strategy,
        ...grid,
        '--db',
        ':memory:',
      )
      expect(r.err).toBe(`error: ${cliText}\n`)
    }
  })

  it('a forced prefix the model cannot follow: "forced tokens" in the app, --force in the CLI', async () => {
    const { service, waitFor } = setup()
    // seed-weather: <start> 0, 天 1, 气 2, 好 3, <end> 4; after 好 only <end> follows.
    const reply = await dispatch(service, 'experiment.start', {
      model: 'seed-weather',
      prompt: '',
      maxTokens: 8,
      topN: 10,
      strategies: [{ name: 'greedy', params: {}, forced: [3, 1] }],
    })
    expect(reply.ok).toBe(true)
    const { jobId } = (reply as { result: { jobId: number } }).result
    const done = await waitFor((e: LabEvent) => e.channel === 'job.finished' && e.payload.jobId === jobId)
    expect((done.payload as { error: string }).error).toBe(
      'forced tokens: seed-weather gives "天" probability 0 after the prompt and "好"',
    )
    const r = await cli(
      'run',
      '--model',
      'seed-weather',
      '--strategy',
      'greedy',
      '--force',
      '好 天',
      '--db',
      ':memory:',
    )
    expect(r.err).toBe('error: --force: seed-weather gives "天" probability 0 after the prompt and "好"\n')
  })

  it('importing a file that is not a report: the app says to pick a JSON export, with no CLI command', async () => {
    const { service } = setup()
    const notJson = await dispatch(service, 'report.import', { fileName: 'notes.txt', text: 'hello' })
    expect(notJson.ok).toBe(false)
    const other = await dispatch(service, 'report.import', {
      fileName: 'other.json',
      text: '{"format":"something-else"}',
    })
    expect(other).toEqual({
      ok: false,
      kind: 'input',
      error:
        'other.json is not a Decoding Lab report (expected "format": "decoding-lab/report"); import a report exported as “JSON data”',
    })
    for (const reply of [notJson, other]) expect((reply as { error: string }).error).not.toMatch(FLAG)
    expect((notJson as { error: string }).error).toMatch(
      /^notes\.txt is not JSON \(.*\); import a report exported as “JSON data”$/,
    )
  })

  it('a database problem: the app names DECODING_LAB_DB where the CLI says --db', () => {
    const full = describeSqliteFailure(
      '/data/lab.sqlite',
      Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }),
    )
    expect(full.message).toBe(
      'cannot write /data/lab.sqlite (database or disk is full); free some disk space or pass another --db',
    )
    expect(appMessage(full)).toBe(
      'cannot write /data/lab.sqlite (database or disk is full); free some disk space or set DECODING_LAB_DB to another file',
    )
    const notFile = dbInputError('/data is a folder, not a database file; pass a file path with --db')
    expect(appMessage(notFile)).toBe('/data is a folder, not a database file; set DECODING_LAB_DB to a file path')
    // A message with no flag has no second wording.
    expect(dbInputError('/data/lab.sqlite is locked').app).toBeUndefined()
    expect(appMessage(new DecodeError('x --api openai', { app: 'x through the OpenAI-compatible API' }))).toBe(
      'x through the OpenAI-compatible API',
    )
    expect(appMessage(new Error('plain'))).toBe('plain')
  })
})
