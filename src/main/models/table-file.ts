import path from 'node:path'
import type { ModelDescription, ModelFile } from '../../core/model-description'
import { TableModel } from '../../core/models/table-model'
import { parseTable } from '../../core/models/table-schema'
import { modelFileOf } from '../provenance/file-hash'
import { ownModelDescription } from './own-model-description'
import { readJsonModel } from './read-json-model'

/** A table model read from its file, which it names for the run's record. */
export class TableFileModel extends TableModel {
  readonly file: ModelFile

  constructor(id: string, data: TableModel['data'], file: string) {
    super(id, data)
    this.file = modelFileOf(file)
  }

  describe(): ModelDescription {
    return ownModelDescription('table')
  }
}

/** Reads and validates a table model file; `id` is what the user called it (a built-in id or the path). */
export function loadTableFile(file: string, id: string = file): TableFileModel {
  const data = parseTable(readJsonModel(file), file)
  return new TableFileModel(
    id,
    { ...data, name: data.name ?? path.basename(file).replace(/(\.table)?\.json$/i, '') },
    file,
  )
}
