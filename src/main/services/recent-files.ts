import fs from 'node:fs'
import path from 'node:path'

/** Model files the user opened, most recent first, kept in a small JSON file. */
export class RecentFiles {
  constructor(
    private readonly file: string,
    private readonly max = 10,
  ) {}

  list(): string[] {
    try {
      const data: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'))
      return Array.isArray(data)
        ? data.filter((x): x is string => typeof x === 'string' && fs.existsSync(x)).slice(0, this.max)
        : []
    } catch {
      return []
    }
  }

  add(file: string): void {
    const absolute = path.resolve(file)
    const next = [absolute, ...this.list().filter((f) => f !== absolute)].slice(0, this.max)
    fs.mkdirSync(path.dirname(this.file), { recursive: true })
    fs.writeFileSync(this.file, `${JSON.stringify(next, null, 2)}\n`)
  }
}
