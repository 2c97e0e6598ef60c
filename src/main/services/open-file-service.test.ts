// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ggufDeclaringArray } from '../../core/testing/hostile-gguf'
import { dispatch } from '../ipc/dispatch'
import { writeChatGguf } from '../models/testing/chat-gguf'
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
    expect(await dispatch(service, 'models.openFile', { path: gguf })).toEqual({
      ok: true,
      result: { path: gguf, kind: 'gguf' },
    })
    expect(await dispatch(service, 'models.openFile', { path: table })).toEqual({
      ok: true,
      result: { path: table, kind: 'table' },
    })
    expect((await service['models.list']()).recent).toEqual([table, gguf])
  })

  it('lists as chat models exactly the files and built-ins with a chat template', async () => {
    const { dir, service } = setup()
    const plain = writeRandomGguf(dir, 'plain.gguf')
    const chat = writeChatGguf(dir, 'chat.gguf')
    for (const file of [plain, chat]) await dispatch(service, 'models.openFile', { path: file })
    // tang-poems is a character model with no tokenizer.chat_template; the table models have none either.
    expect((await service['models.list']()).chatModels).toEqual([chat])
    // The answer follows the file, not the first look: rewritten without its template, it has none.
    fs.copyFileSync(plain, chat)
    expect((await service['models.list']()).recent).toEqual([chat, plain])
    expect((await service['models.list']()).chatModels).toEqual([])
  })

  it.each([
    [
      'a missing file',
      (dir: string) => path.join(dir, 'nope.gguf'),
      (dir: string) => `model file not found: ${path.join(dir, 'nope.gguf')}`,
    ],
    ['a folder', (dir: string) => dir, (dir: string) => `${dir} is not a file`],
    [
      'a text file',
      (dir: string) => (fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello'), path.join(dir, 'notes.txt')),
      (dir: string) =>
        `${path.join(dir, 'notes.txt')} is not a model: expected a table model (.json), an n-gram model (.ngram.json) or a GGUF file (.gguf)`,
    ],
  ])('refuses %s with a clear message and remembers nothing', async (_what, file, message) => {
    const { dir, service } = setup()
    expect(await dispatch(service, 'models.openFile', { path: file(dir) })).toEqual({
      ok: false,
      kind: 'input',
      error: message(dir),
    })
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

  it('refuses a 1 GiB sparse GGUF whose header declares a huge array, in its own thread, without taking memory', async () => {
    const { dir, service } = setup()
    const file = path.join(dir, 'sparse.gguf')
    const head = ggufDeclaringArray('big.array', 'u32', 2n ** 40n)
    fs.writeFileSync(file, head)
    fs.truncateSync(file, 2 ** 30)
    // The declared items would start after the header's first 24 bytes, architecture and the key's own fields.
    const left = 2 ** 30 - (24 + 45 + 8 + 'big.array'.length + 16)
    const rss = process.memoryUsage().rss
    const started = performance.now()
    expect(await dispatch(service, 'models.openFile', { path: file })).toEqual({
      ok: false,
      kind: 'input',
      error: `${file} is truncated or damaged: metadata key "big.array" (an array of u32) declares ${2 ** 40} items (at least ${2 ** 42} bytes) but only ${left} bytes follow`,
    })
    expect(performance.now() - started).toBeLessThan(5000)
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20)
    expect((await service['models.list']()).recent).toEqual([])
  })

  it('has no file dialog in browser mode, and says what to do instead', async () => {
    const { service } = setup()
    expect(await dispatch(service, 'models.pickFile', {})).toEqual({
      ok: false,
      kind: 'input',
      error: "browser mode has no file dialog: type the model file's full path instead",
    })
  })
})
