import fs from 'node:fs'
import { InputError } from '../../core/errors'
import { describeNgram } from '../../core/models/ngram-model'
import { MAX_NGRAM_ORDER, NGRAM_UNITS, type NgramModelData, type NgramUnit } from '../../core/models/ngram-schema'
import { trainNgram } from '../../core/models/ngram-train'
import type { ModelInfo } from '../../core/records'
import { DATA_DIR } from '../paths'
import { checkNgramName, ngramFile, saveNgram } from './ngram-store'
import { listModels } from './registry'

export interface AddNgramInput {
  /** The training text, already decoded; `source` names it in messages ("--text notes.txt", "the file notes.txt"). */
  text: string
  source: string
  sourceFile: string
  name: string
  order: number
  unit: string
  /** Put before field names in messages: "--" from the command line. */
  flags?: string
}

export interface AddedNgram {
  model: ModelInfo
  file: string
  replaced: boolean
  data: NgramModelData
}

/** Trains an interpolated Kneser-Ney model on the text and saves it under `name`, for the CLI and the app alike. */
export function addNgram(input: AddNgramInput, dataDir: string = DATA_DIR): AddedNgram {
  const { text, source, name, order, unit, flags = '' } = input
  if (!Number.isInteger(order) || order < 1)
    throw new InputError(`${flags}order must be a whole number >= 1, got ${order}`)
  if (order > MAX_NGRAM_ORDER) throw new InputError(`${flags}order must be at most ${MAX_NGRAM_ORDER}, got ${order}`)
  if (!(NGRAM_UNITS as readonly string[]).includes(unit))
    throw new InputError(`${flags}unit must be ${NGRAM_UNITS.join(' or ')}, got "${unit}"`)
  checkNgramName(name)
  if (listModels().some((m) => m.builtin && m.id === name))
    throw new InputError(`${flags}name "${name}" is a built-in model's id; choose another name`)
  checkText(text, source)
  const data = trainNgram(text, { name, order, unit: unit as NgramUnit, sourceFile: input.sourceFile })
  const replaced = fs.existsSync(ngramFile(name, dataDir))
  const file = saveNgram(data, dataDir)
  return { model: { id: name, kind: 'ngram', builtin: false, description: describeNgram(data) }, file, replaced, data }
}

/** Strict UTF-8 decoding of a training file; binary data and invalid UTF-8 are InputErrors naming `source`. */
export function decodeText(bytes: Uint8Array, source: string): string {
  if (bytes.includes(0)) throw new InputError(`${source} contains NUL bytes: it looks like binary data, not UTF-8 text`)
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new InputError(`${source} is not valid UTF-8 text; convert it to UTF-8 first`)
  }
}

function checkText(text: string, source: string): void {
  if (text.length === 0) throw new InputError(`${source} is empty: give a text file with at least one non-blank line`)
  if (text.includes('\u0000'))
    throw new InputError(`${source} contains NUL bytes: it looks like binary data, not UTF-8 text`)
  if (text.trim() === '')
    throw new InputError(`${source} has only whitespace: give a text file with at least one non-blank line`)
}
