import fs from 'node:fs'
import { MAX_REPORT_BYTES } from '../../core/contract'
import { InputError } from '../../core/errors'

const HINT = 'pass a JSON report made with: export exp:ID --format json'
/** The same hint in the app's words. */
const APP_HINT = 'pick a report exported as “JSON data”'

/**
 * The text of a report file to import. Only a regular file of at most MAX_REPORT_BYTES is read: a
 * device (/dev/zero), a FIFO or a folder would be read without end, or not at all.
 */
export function readReportFile(file: string): string {
  let fd: number
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK)
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message
    throw new InputError(`import: cannot read ${file} (${why}); ${HINT}`, {
      app: `import: cannot read ${file} (${why}); ${APP_HINT}`,
    })
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile())
      throw new InputError(`import: ${file} is ${kindOf(stat)}, not a file; ${HINT}`, {
        app: `import: ${file} is ${kindOf(stat)}, not a file; ${APP_HINT}`,
      })
    if (stat.size > MAX_REPORT_BYTES) {
      const size = `import: ${file} is ${(stat.size / 1e6).toFixed(0)} MB, more than a report may be (${MAX_REPORT_BYTES / 1e6} MB)`
      throw new InputError(`${size}; export its runs one at a time (export run:ID)`, {
        app: `${size}; export its runs one at a time`,
      })
    }
    return fs.readFileSync(fd, 'utf8')
  } finally {
    fs.closeSync(fd)
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder'
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device'
  if (stat.isFIFO()) return 'a pipe'
  if (stat.isSocket()) return 'a socket'
  return 'not a regular file'
}
