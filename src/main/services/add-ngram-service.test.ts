// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { trainNgram } from '../../core/models/ngram-train'
import { dispatch } from '../ipc/dispatch'
import { useTempDir } from '../testing/temp-dir'
import { LabService } from './lab-service'

// DATA_DIR is read when src/main/paths.ts loads: point it at a temporary folder before any import.
const home = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'decoding-lab-home-'))
  process.env.DECODING_LAB_HOME = dir
  return dir
})
afterAll(() => fs.rmSync(home, { recursive: true, force: true }))

const tempDir = useTempDir()
const services: LabService[] = []
afterEach(async () => {
  for (const s of services.splice(0)) await s.close()
})

function service(): LabService {
  const s = new LabService(path.join(tempDir(), 'lab.sqlite'), () => undefined)
  services.push(s)
  return s
}

const request = { name: 'my-notes', order: 2, unit: 'char' as const, fileName: 'notes.txt', text: 'ab\nab\nba\n' }

describe('models.addNgram (the app picking a training file)', () => {
  it('trains the same model as the core trainer, saves it, and lists it', async () => {
    const api = service()
    const added = await dispatch(api, 'models.addNgram', request)
    expect(added).toMatchObject({
      ok: true,
      result: { model: { id: 'my-notes', kind: 'ngram', builtin: false }, replaced: false },
    })
    const saved = JSON.parse(fs.readFileSync(path.join(home, 'models', 'my-notes.ngram.json'), 'utf8'))
    expect(saved).toEqual(
      JSON.parse(
        JSON.stringify(trainNgram(request.text, { name: 'my-notes', order: 2, unit: 'char', sourceFile: 'notes.txt' })),
      ),
    )
    const listed = await api['models.list']()
    expect(listed.models.map((m) => m.id)).toContain('my-notes')
    expect(await dispatch(api, 'models.addNgram', request)).toMatchObject({ ok: true, result: { replaced: true } })
  })

  it.each([
    ['an empty file', { text: '' }, 'the file notes.txt is empty: give a text file with at least one non-blank line'],
    [
      'binary data',
      { text: 'a\u0000b' },
      'the file notes.txt contains NUL bytes: it looks like binary data, not UTF-8 text',
    ],
    [
      'only whitespace',
      { text: ' \n\t' },
      'the file notes.txt has only whitespace: give a text file with at least one non-blank line',
    ],
    ['a built-in name', { name: 'seed-weather' }, 'name "seed-weather" is a built-in model\'s id; choose another name'],
    [
      'a path as name',
      { name: '../x' },
      'bad model name "../x": it contains a path separator (/ or \\); use letters, digits, "-" or "_", e.g. my-poems',
    ],
  ])('refuses %s with a clear message and saves nothing', async (_what, change, message) => {
    const api = service()
    const before = fs.existsSync(path.join(home, 'models')) ? fs.readdirSync(path.join(home, 'models')) : []
    expect(await dispatch(api, 'models.addNgram', { ...request, name: 'refused', ...change })).toEqual({
      ok: false,
      kind: 'input',
      error: message,
    })
    const after = fs.existsSync(path.join(home, 'models')) ? fs.readdirSync(path.join(home, 'models')) : []
    expect(after).toEqual(before)
  })

  it('refuses an order below 1 at the contract boundary', async () => {
    const envelope = await dispatch(service(), 'models.addNgram', { ...request, order: 0 })
    expect(envelope).toMatchObject({ ok: false, kind: 'input' })
    expect((envelope as { error: string }).error).toMatch(/^invalid models.addNgram request: order: /)
  })
})

describe('a model retrained under the same name', () => {
  it('is what the next run decodes, not the copy the worker kept loaded', async () => {
    const events: { channel: string; payload: { jobId?: number; runId?: number } }[] = []
    const api = new LabService(path.join(tempDir(), 'lab.sqlite'), (channel, payload) =>
      events.push({ channel, payload: payload as never }),
    )
    services.push(api)
    const runOnce = async (): Promise<string> => {
      const { jobId } = await api['experiment.start']({
        model: 'retrained',
        prompt: '',
        maxTokens: 3,
        topN: 5,
        strategies: [{ name: 'greedy', params: {} }],
      })
      for (let i = 0; i < 400 && !events.some((e) => e.channel === 'job.finished' && e.payload.jobId === jobId); i++)
        await new Promise((r) => setTimeout(r, 50))
      const started = events.find((e) => e.channel === 'run.started' && e.payload.jobId === jobId)
      return (await api['run.get']({ runId: started?.payload.runId as number })).sequences[0].text
    }
    await api['models.addNgram']({ ...request, name: 'retrained', order: 1, text: 'aaaa\naaaa\n' })
    expect(await runOnce()).toBe('aaa')
    await api['models.addNgram']({ ...request, name: 'retrained', order: 1, text: 'zzzz\nzzzz\n' })
    expect(await runOnce()).toBe('zzz')
  })
})
