import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../../core/errors'
import { TableModel } from '../../core/models/table-model'
import { parseTable } from '../../core/models/table-schema'

/** Reads and validates a table model file; `id` is what the user called it (a built-in id or the path). */
export function loadTableFile(file: string, id: string = file): TableModel {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError(`cannot read model file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new InputError(`${file} is not a model: it is not valid JSON (${(err as Error).message})`)
  }
  const data = parseTable(json, file)
  return new TableModel(id, { ...data, name: data.name ?? path.basename(file).replace(/(\.table)?\.json$/i, '') })
}
