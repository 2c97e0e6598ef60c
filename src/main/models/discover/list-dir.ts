import fs from 'node:fs'

/** A directory's entry names; none when it cannot be read. */
export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir)
  } catch {
    return []
  }
}
