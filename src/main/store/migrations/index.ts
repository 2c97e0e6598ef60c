import type { Database } from 'better-sqlite3'
import { updateToSchemaVersion1 } from './0001-initial'

/** In order: entry i brings the schema to version i + 1. */
export const MIGRATIONS: readonly ((db: Database) => void)[] = [updateToSchemaVersion1]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
