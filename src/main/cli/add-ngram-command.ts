import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../../core/errors'
import { describeNgram } from '../../core/models/ngram-model'
import { MAX_NGRAM_ORDER, NGRAM_UNITS, type NgramUnit } from '../../core/models/ngram-schema'
import { trainNgram } from '../../core/models/ngram-train'
import { checkNgramName, ngramFile, saveNgram } from '../models/ngram-store'
import { listModels } from '../models/registry'
import { parse, required, wholeNumber } from './args'
import type { Io } from './commands'

/** `models add-ngram --text FILE --order N --unit char|word --name NAME [--json]` */
export async function addNgramCommand(args: string[], io: Io): Promise<number> {
  const command = 'models add-ngram'
  const { values } = parse(command, args, {
    text: { type: 'string' },
    order: { type: 'string' },
    unit: { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
  })
  const file = required(command, '--text', values.text)
  const order = wholeNumber('--order', required(command, '--order', values.order), 0, 1)
  if (order > MAX_NGRAM_ORDER) throw new InputError(`--order must be at most ${MAX_NGRAM_ORDER}, got ${order}`)
  const unit = required(command, '--unit', values.unit)
  if (!(NGRAM_UNITS as readonly string[]).includes(unit)) throw new InputError(`--unit must be ${NGRAM_UNITS.join(' or ')}, got "${unit}"`)
  const name = required(command, '--name', values.name)
  checkNgramName(name)
  if (listModels().some((m) => m.builtin && m.id === name)) throw new InputError(`--name "${name}" is a built-in model's id; choose another name`)

  const data = trainNgram(readText(file), { name, order, unit: unit as NgramUnit, sourceFile: path.basename(file) })
  const replaced = fs.existsSync(ngramFile(name))
  const saved = saveNgram(data)
  const description = describeNgram(data)
  if (values.json) {
    io.out(JSON.stringify({ model: { id: name, kind: 'ngram', builtin: false, description }, file: saved, replaced, vocabSize: data.vocab.length, discounts: data.discounts }))
  } else {
    io.out(`${replaced ? 'replaced' : 'saved'} ${name}: ${description}`)
    io.out(`  in ${saved}`)
    io.out(`  try: run --model ${name} --strategy greedy`)
  }
  return 0
}

/** The file as text; empty files, binary data and invalid UTF-8 are InputErrors. */
function readText(file: string): string {
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch (err) {
    throw new InputError(`cannot read --text ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  if (bytes.length === 0) throw new InputError(`--text ${file} is empty: give a text file with at least one non-blank line`)
  if (bytes.includes(0)) throw new InputError(`--text ${file} contains NUL bytes: it looks like binary data, not UTF-8 text`)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new InputError(`--text ${file} is not valid UTF-8 text; convert it to UTF-8 first`)
  }
  if (text.trim() === '') throw new InputError(`--text ${file} has only whitespace: give a text file with at least one non-blank line`)
  return text
}
