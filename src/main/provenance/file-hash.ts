import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { ModelFile } from '../../core/model-description'

/** By file, size and modification time: a multi-gigabyte GGUF file is hashed once per process. */
const hashes = new Map<string, Promise<string | null>>()

/** sha256 of a file, streamed (GGUF files run to gigabytes); null when the file is gone or cannot be read. */
export function fileSha256(file: string | null): Promise<string | null> {
  if (!file) return Promise.resolve(null)
  let key: string
  try {
    const stat = fs.statSync(file)
    key = `${file}\0${stat.size}\0${stat.mtimeMs}`
  } catch {
    return Promise.resolve(null)
  }
  let hash = hashes.get(key)
  if (!hash) {
    hash = streamSha256(file).catch(() => null)
    hashes.set(key, hash)
  }
  return hash
}

async function streamSha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** A loaded model's file: hashed only when a run's record first asks, then from the cache above. */
export function modelFileOf(path: string): ModelFile {
  return { path, sha256: () => fileSha256(path) }
}
