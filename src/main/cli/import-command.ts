import { databasePath } from '../paths'
import { importReport } from '../report/import-report'
import { readReportFile } from '../report/read-report-file'
import { openDatabase } from '../store/database'
import { parse, required } from './args'
import type { Io } from './io'

export async function importCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('import', args, { db: { type: 'string' }, json: { type: 'boolean' } }, 1)
  const source = required('import', 'FILE', positionals[0])
  const text = readReportFile(source)
  const db = openDatabase(databasePath(values.db))
  try {
    const r = importReport(db, text, source)
    if (values.json) io.out(JSON.stringify(r))
    else if (r.runIds.length === 0)
      io.out(`experiment ${r.experimentId} is already here with all the runs in ${source}; nothing imported`)
    else
      io.out(
        `imported ${r.created ? 'experiment' : 'into experiment'} ${r.experimentId}: run${r.runIds.length > 1 ? 's' : ''} ${r.runIds.join(', ')}`,
      )
    return 0
  } finally {
    db.close()
  }
}
