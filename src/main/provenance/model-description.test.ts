// @vitest-environment node
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { trainNgram } from '../../core/models/ngram-train'
import { parseStrategySpec } from '../../core/strategy-spec'
import { table } from '../../core/testing/tables'
import type { LanguageModel } from '../../core/types'
import { type GgufLanguageModel, loadGgufModel } from '../models/gguf-model'
import { type HostedGgufModel, loadHostedGgufModel } from '../models/gguf-host/hosted-gguf-model'
import { loadNgramFile, saveNgram } from '../models/ngram-store'
import { loadTableFile } from '../models/table-file'
import { RESOURCES_DIR } from '../paths'
import { useTempDir } from '../testing/temp-dir'
import { runProvenance } from './run-provenance'

const tempDir = useTempDir()
const SHIPPED = path.join(RESOURCES_DIR, 'models', 'tang-poems.gguf')
const TABLE = path.join(RESOURCES_DIR, 'models', 'seed-weather.table.json')
const version = (
  JSON.parse(fs.readFileSync(path.join(RESOURCES_DIR, '..', 'package.json'), 'utf8')) as { version: string }
).version
const sha256sum = (file: string): string => execFileSync('sha256sum', [file]).toString().split(' ')[0]
const greedy = parseStrategySpec('greedy', () => 0)
const record = (model: LanguageModel) => runProvenance(model, greedy)

let inProcess: GgufLanguageModel | undefined
let hosted: HostedGgufModel | undefined
afterAll(async () => Promise.all([inProcess?.dispose(), hosted?.dispose()]))

describe('a loaded model describes itself', () => {
  it('names its file and hashes it, whatever id it was given: no lookup by id', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'copy.table.json')
    fs.copyFileSync(TABLE, file)
    const model = loadTableFile(file, 'an id that names nothing')
    expect(model.file?.path).toBe(file)
    expect(await model.file?.sha256()).toBe(sha256sum(file))
    expect((await record(model)).model).toEqual({
      id: 'an id that names nothing',
      kind: 'table',
      sha256: sha256sum(file),
      quantisation: null,
    })
    // A file gone before the first record: no hash, and no failure.
    const later = path.join(dir, 'later.table.json')
    fs.copyFileSync(TABLE, later)
    const gone = loadTableFile(later)
    fs.rmSync(later)
    expect((await record(gone)).model).toEqual({ id: later, kind: 'table', sha256: null, quantisation: null })
  })

  it('an n-gram model read from its file: the app as its backend, the file hashed', async () => {
    const file = saveNgram(
      trainNgram('a b\na a b\n', { name: 'ab', order: 2, unit: 'word', sourceFile: 'ab.txt' }),
      tempDir(),
    )
    const model = loadNgramFile(file, 'ab')
    expect(model.describe?.()).toEqual({
      backend: { name: 'Decoding Lab n-gram model (interpolated Kneser-Ney)', version, detail: null },
      quantisation: null,
      nondeterminism: null,
    })
    const p = await record(model)
    expect(p.model).toEqual({ id: 'ab', kind: 'ngram', sha256: sha256sum(file), quantisation: null })
    expect(p.backend).toEqual({ name: 'Decoding Lab n-gram model (interpolated Kneser-Ney)', version, detail: null })
    expect(p.nondeterminism).toBeNull()
  })

  it('a table made in memory has no file: no hash, the app as its backend', async () => {
    const model = table('seed-weather', { vocab: ['<s>', '</s>', 'a'], default: { a: 0.5, '</s>': 0.5 } })
    expect((model as LanguageModel).file).toBeUndefined()
    const p = await record(model)
    expect(p.model).toEqual({ id: 'seed-weather', kind: 'table', sha256: null, quantisation: null })
    expect(p.backend).toEqual({ name: 'Decoding Lab table model', version, detail: null })
  })

  it('a GGUF model in a host describes itself as the same model loaded here does', async () => {
    ;[inProcess, hosted] = await Promise.all([
      loadGgufModel(SHIPPED, { gpu: 'off' }, 'tang-poems'),
      loadHostedGgufModel(SHIPPED, { gpu: 'off' }, 'tang-poems'),
    ])
    const here = inProcess.describe()
    expect(here.quantisation).toBe('F32')
    expect(here.backend.detail).toMatch(
      /^llama\.cpp \S+ \([0-9a-f]{12}\); CPU, 1 thread; distributions: logits through Decoding Lab's addon$/,
    )
    expect(hosted.describe()).toEqual(here)
    expect(hosted.file.path).toBe(SHIPPED)
    const [a, b] = await Promise.all([record(inProcess), record(hosted)])
    expect(b).toEqual(a)
    expect(a.model).toEqual({ id: 'tang-poems', kind: 'gguf', sha256: sha256sum(SHIPPED), quantisation: 'F32' })
  })
})
