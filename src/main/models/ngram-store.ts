import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../../core/errors'
import type { ModelDescription, ModelFile } from '../../core/model-description'
import { describeNgram, NgramModel } from '../../core/models/ngram-model'
import { parseNgram, type NgramModelData } from '../../core/models/ngram-schema'
import { DATA_DIR } from '../paths'
import { modelFileOf } from '../provenance/file-hash'
import { ownModelDescription } from './own-model-description'
import { readJsonModel } from './read-json-model'

// Saved n-gram models: <data dir>/models/NAME.ngram.json. Every function takes the data folder,
// the per-user one (or DECODING_LAB_HOME) by default, so that tests can use a temporary one.

export const NGRAM_SUFFIX = '.ngram.json'

export interface SavedNgram {
  name: string
  file: string
  description: string
}

export function ngramDir(dataDir: string = DATA_DIR): string {
  return path.join(dataDir, 'models')
}

export function ngramFile(name: string, dataDir: string = DATA_DIR): string {
  return path.join(ngramDir(dataDir), name + NGRAM_SUFFIX)
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/

const NAME_FAULTS: [(name: string) => boolean, string][] = [
  [(n) => n.trim() === '', 'it is empty'],
  [(n) => /[/\\]/.test(n), 'it contains a path separator (/ or \\)'],
  [(n) => CONTROL.test(n), 'it contains a control character'],
  [(n) => n.startsWith('.'), 'it starts with "."'],
  [(n) => n !== n.trim(), 'it starts or ends with whitespace'],
  [(n) => n.length > 100, 'it is longer than 100 characters'],
]

/** Throws InputError unless `name` can name a saved model (it becomes a file name). */
export function checkNgramName(name: string): void {
  const fault = NAME_FAULTS.find(([test]) => test(name))
  if (fault)
    throw new InputError(
      `bad model name ${JSON.stringify(name)}: ${fault[1]}; use letters, digits, "-" or "_", e.g. --name my-poems`,
      {
        app: `bad model name ${JSON.stringify(name)}: ${fault[1]}; use letters, digits, "-" or "_", e.g. my-poems`,
      },
    )
}

/** Writes the model (replacing one of the same name) and returns its file. */
export function saveNgram(data: NgramModelData, dataDir: string = DATA_DIR): string {
  checkNgramName(data.name)
  const file = ngramFile(data.name, dataDir)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // Write then rename, so that a reader never sees half a file.
  const temp = `${file}.${process.pid}.tmp`
  try {
    fs.writeFileSync(temp, `${JSON.stringify(data)}\n`)
    fs.renameSync(temp, file)
  } catch (err) {
    fs.rmSync(temp, { force: true })
    throw err
  }
  return file
}

/** The file of a saved model of this name, or null when there is none. */
export function savedNgramFile(name: string, dataDir: string = DATA_DIR): string | null {
  try {
    checkNgramName(name)
  } catch {
    return null
  }
  const file = ngramFile(name, dataDir)
  return fs.existsSync(file) ? file : null
}

const descriptions = new Map<string, { mtimeMs: number; size: number; description: string }>()

/** Every saved model, by name; one that cannot be loaded says why in its description. */
export function listSavedNgrams(dataDir: string = DATA_DIR): SavedNgram[] {
  let names: string[]
  try {
    names = fs.readdirSync(ngramDir(dataDir))
  } catch {
    return []
  }
  return names
    .filter((f) => f.endsWith(NGRAM_SUFFIX) && f.length > NGRAM_SUFFIX.length)
    .sort()
    .map((f) => {
      const file = path.join(ngramDir(dataDir), f)
      return { name: f.slice(0, -NGRAM_SUFFIX.length), file, description: describeFile(file) }
    })
}

/** An n-gram model read from its file, which it names for the run's record. */
export class NgramFileModel extends NgramModel {
  readonly file: ModelFile

  constructor(id: string, data: NgramModelData, file: string) {
    super(id, data)
    this.file = modelFileOf(file)
  }

  describe(): ModelDescription {
    return ownModelDescription('ngram')
  }
}

/** Reads and validates a saved model; `id` is what the user called it (its name or the path). */
export function loadNgramFile(file: string, id: string = file): NgramFileModel {
  return new NgramFileModel(id, readNgramData(file), file)
}

function readNgramData(file: string): NgramModelData {
  return parseNgram(readJsonModel(file), file)
}

/** Parsing a large model takes a while: the description is kept until the file changes. */
function describeFile(file: string): string {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch (err) {
    return `cannot be loaded: ${(err as NodeJS.ErrnoException).code ?? String(err)}`
  }
  const cached = descriptions.get(file)
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.description
  let description: string
  try {
    description = describeNgram(readNgramData(file))
  } catch (err) {
    description = `cannot be loaded: ${(err as Error).message}`
  }
  descriptions.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, description })
  return description
}
