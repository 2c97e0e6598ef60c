import envPaths from 'env-paths'
import path from 'node:path'

/** Shipped models and data. This file sits two levels below the project root, in source and in the build. */
export const RESOURCES_DIR = path.resolve(__dirname, '../../resources')

const userPaths = envPaths('decoding-lab', { suffix: '' })

/** The per-user data folder shared by the CLI and the app. */
export const DATA_DIR = process.env.DECODING_LAB_HOME ?? userPaths.data

/** `--db` first, then DECODING_LAB_DB, then the per-user default. */
export function databasePath(flag?: string): string {
  return flag ?? process.env.DECODING_LAB_DB ?? path.join(DATA_DIR, 'decoding-lab.sqlite')
}
