import type { Database } from 'better-sqlite3'
import { updateToSchemaVersion1 } from './0001-initial'
import { updateToSchemaVersion2 } from './0002-speculative-and-forced'
import { updateToSchemaVersion3 } from './0003-sweeps'
import { updateToSchemaVersion4 } from './0004-run-metrics'
import { updateToSchemaVersion5 } from './0005-run-provenance'
import { updateToSchemaVersion6 } from './0006-application-id'
import { updateToSchemaVersion7 } from './0007-run-owner-start'
import { updateToSchemaVersion8 } from './0008-autoincrement-ids'
import { updateToSchemaVersion9 } from './0009-history-indexes'
import { updateToSchemaVersion10 } from './0010-selection-results'
import { updateToSchemaVersion11 } from './0011-processed-probs'
import { updateToSchemaVersion12 } from './0012-stop-reason'
import { updateToSchemaVersion13 } from './0013-xtc-draw'

/** In order: entry i brings the schema to version i + 1. */
export const MIGRATIONS: readonly ((db: Database) => void)[] = [
  updateToSchemaVersion1,
  updateToSchemaVersion2,
  updateToSchemaVersion3,
  updateToSchemaVersion4,
  updateToSchemaVersion5,
  updateToSchemaVersion6,
  updateToSchemaVersion7,
  updateToSchemaVersion8,
  updateToSchemaVersion9,
  updateToSchemaVersion10,
  updateToSchemaVersion11,
  updateToSchemaVersion12,
  updateToSchemaVersion13,
]

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length
