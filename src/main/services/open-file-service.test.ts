// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { dispatch } from '../ipc/dispatch'
import { writeRandomGguf } from '../models/testing/gguf-fixtures'
import { useTempDir } from '../testing/temp-dir'
import { LabService } from './lab-service'

const tempDir = useTempDir()
const services: LabService[] = []
afterEach(async () => {
  for (const s of services.splice(0)) await s.close()
})

function setup() {
  const dir = tempDir()
  const service = new LabService(path.join(dir, 'lab.sqlite'), () => undefined)
  services.push(service)
  return { dir, service }
}

describe('models.openFile (pointing the app at a model file)', () => {
  it('checks a GGUF file, remembers it first among the recent files, and lists it', async () => {
    const { dir, service } = setup()
    const gguf = writeRandomGguf(dir, 'mine.gguf')
    const table = path.join(dir, 'mine.json')
    fs.copyFileSync(path.resolve(__dirname, '../../../resources/models/seed-weather.table.json'), table)
    expect(await dispatch(service, 'models.openFile', { path: gguf })).toEqual({ ok: true, result: { path: gguf, kind: 'gguf' } })
    expect(await dispatch(service, 'models.openFile', { path: table })).toEqual({ ok: true, result: { path: table, kind: 'table' } })
    expect((await service['models.list']()).recent).toEqual([table, gguf])
  })

  it.each([
    ['a missing file', (dir: string) => path.join(dir, 'nope.gguf'), (dir: string) => `model file not found: ${path.join(dir, 'nope.gguf')}`],
    ['a folder', (dir: string) => dir, (dir: string) => `${dir} is not a file`],
    [
      'a text file',
      (dir: string) => (fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello'), path.join(dir, 'notes.txt')),
      (dir: string) => `${path.join(dir, 'notes.txt')} is not a model: expected a table model (.json), an n-gram model (.ngram.json) or a GGUF file (.gguf)`,
    ],
  ])('refuses %s with a clear message and remembers nothing', async (_what, file, message) => {
    const { dir, service } = setup()
    expect(await dispatch(service, 'models.openFile', { path: file(dir) })).toEqual({ ok: false, kind: 'input', error: message(dir) })
    expect((await service['models.list']()).recent).toEqual([])
  })

  it('refuses a truncated GGUF file', async () => {
    const { dir, service } = setup()
    const gguf = writeRandomGguf(dir, 'cut.gguf')
    fs.truncateSync(gguf, 100)
    const envelope = await dispatch(service, 'models.openFile', { path: gguf })
    expect(envelope).toMatchObject({ ok: false, kind: 'input' })
    expect((envelope as { error: string }).error).toMatch(/truncated/)
  })

  it('has no file dialog in browser mode, and says what to do instead', async () => {
    const { service } = setup()
    expect(await dispatch(service, 'models.pickFile', {})).toEqual({ ok: false, kind: 'input', error: "browser mode has no file dialog: type the model file's full path instead" })
  })
})
