import fs from 'node:fs'
import { InputError } from '../../core/errors'

/** Reads a JSON model file; unreadable files and invalid JSON become one-line input errors. */
export function readJsonModel(file: string): unknown {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new InputError(`cannot read model file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  try {
    return JSON.parse(text)
  } catch (err) {
    // Only the position: V8's message quotes the text around it, which could be anything in any file.
    const at = /position (\d+)/.exec((err as Error).message)?.[1]
    throw new InputError(`${file} is not a model: it is not valid JSON${at ? ` (at character ${at})` : ''}`)
  }
}
