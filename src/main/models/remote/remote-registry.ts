import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { InputError } from '../../../core/errors'
import { DATA_DIR } from '../../paths'
import { checkNgramName } from '../ngram-store'
import { REMOTE_APIS } from './engine'

/**
 * Registered remote engines, in <data dir>/remotes.json. An API key is never stored here: a
 * registration names the environment variable that holds it, or says that the desktop app keeps
 * it encrypted (secret-store.ts).
 */
const REMOTE = z.strictObject({
  id: z.string().min(1),
  url: z.string().regex(/^https?:\/\/[^/\s]+/),
  model: z.string().min(1),
  /** The engine's dialect, detected at registration unless given; absent in files from before it was stored. */
  api: z.enum(REMOTE_APIS).optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .optional(),
  apiKeyStored: z.literal(true).optional(),
})
const FILE = z.strictObject({ format: z.literal('decoding-lab/remotes@1'), remotes: z.array(REMOTE) })

export type RemoteRegistration = z.infer<typeof REMOTE>

export function remotesFile(dataDir: string = DATA_DIR): string {
  return path.join(dataDir, 'remotes.json')
}

export function listRemotes(dataDir: string = DATA_DIR): RemoteRegistration[] {
  const file = remotesFile(dataDir)
  if (!fs.existsSync(file)) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new InputError(
      `${file} is not valid JSON (${(err as Error).message}); fix or delete it to register remotes again`,
    )
  }
  const result = FILE.safeParse(parsed)
  if (!result.success)
    throw new InputError(
      `${file} is not a remotes file: ${result.error.issues[0].path.join('.')}: ${result.error.issues[0].message}`,
    )
  return result.data.remotes
}

export function findRemote(id: string, dataDir: string = DATA_DIR): RemoteRegistration | null {
  return listRemotes(dataDir).find((r) => r.id === id) ?? null
}

/** Adds or replaces a registration; returns whether one was replaced. */
export function saveRemote(remote: RemoteRegistration, dataDir: string = DATA_DIR): boolean {
  checkNgramName(remote.id)
  const checked = REMOTE.safeParse(remote)
  if (!checked.success)
    throw new InputError(`bad remote ${checked.error.issues[0].path.join('.')}: ${checked.error.issues[0].message}`)
  const others = listRemotes(dataDir).filter((r) => r.id !== remote.id)
  const replaced = others.length !== listRemotes(dataDir).length
  const file = remotesFile(dataDir)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(
    temp,
    `${JSON.stringify({ format: 'decoding-lab/remotes@1', remotes: [...others, checked.data] }, null, 2)}\n`,
  )
  fs.renameSync(temp, file)
  return replaced
}

/**
 * The key from the registration's environment variable, or the one the desktop app keeps (given as
 * `stored`, decrypted by the main process); a named but unset variable is an error.
 */
export function remoteApiKey(
  remote: RemoteRegistration,
  env: NodeJS.ProcessEnv = process.env,
  stored?: string,
): string | undefined {
  if (remote.apiKeyStored) {
    if (stored) return stored
    const only = `the API key of remote "${remote.id}" is kept encrypted by the desktop app and only it can use it`
    throw new InputError(`${only}; to use this engine here, register it again with --api-key-env VAR`, {
      app: `${only}; to use this engine here, open it in the desktop app, or register it again with its key in an environment variable`,
    })
  }
  if (!remote.apiKeyEnv) return undefined
  const key = env[remote.apiKeyEnv]
  if (!key) throw new InputError(`remote "${remote.id}" takes its API key from $${remote.apiKeyEnv}, which is not set`)
  return key
}
