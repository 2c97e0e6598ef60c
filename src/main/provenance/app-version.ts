import fs from 'node:fs'
import path from 'node:path'
import { RESOURCES_DIR } from '../paths'

let cached: string | undefined

/** The version in package.json, which sits beside resources/ in source and in the build. */
export function appVersion(): string {
  cached ??= (
    JSON.parse(fs.readFileSync(path.join(RESOURCES_DIR, '..', 'package.json'), 'utf8')) as { version: string }
  ).version
  return cached
}
