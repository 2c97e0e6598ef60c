import path from 'node:path'
import { TableModel } from '../../core/models/table-model'
import { parseTable } from '../../core/models/table-schema'
import { readJsonModel } from './read-json-model'

/** Reads and validates a table model file; `id` is what the user called it (a built-in id or the path). */
export function loadTableFile(file: string, id: string = file): TableModel {
  const data = parseTable(readJsonModel(file), file)
  return new TableModel(id, { ...data, name: data.name ?? path.basename(file).replace(/(\.table)?\.json$/i, '') })
}
