import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../../core/errors'
import { addNgram, decodeText } from '../models/add-ngram'
import { parse, required, wholeNumber } from './args'
import type { Io } from './io'

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
  const unit = required(command, '--unit', values.unit)
  const name = required(command, '--name', values.name)
  const source = `--text ${file}`
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch (err) {
    throw new InputError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  const added = addNgram({
    text: decodeText(bytes, source),
    source,
    sourceFile: path.basename(file),
    name,
    order,
    unit,
    flags: '--',
  })
  if (values.json) {
    io.out(
      JSON.stringify({
        model: added.model,
        file: added.file,
        replaced: added.replaced,
        vocabSize: added.data.vocab.length,
        discounts: added.data.discounts,
      }),
    )
  } else {
    io.out(`${added.replaced ? 'replaced' : 'saved'} ${name}: ${added.model.description}`)
    io.out(`  in ${added.file}`)
    io.out(`  try: run --model ${name} --strategy greedy`)
  }
  return 0
}
