import fs from 'node:fs'
import path from 'node:path'
import type { Candidate } from './candidate'
import { listDir } from './list-dir'

const MODEL_LAYER = 'application/vnd.ollama.image.model'
/** Real manifests are about a kilobyte. */
const MAX_MANIFEST_BYTES = 1 << 20
const DEFAULT_HOST = 'registry.ollama.ai'

/**
 * Ollama keeps manifests/HOST/NAMESPACE/MODEL/TAG; each lists layers, and the one of media type
 * application/vnd.ollama.image.model is the GGUF file, stored as blobs/sha256-HEX.
 * Named as `ollama run` names them: MODEL:TAG for the default registry's library.
 */
export function ollamaModels(root: string): Candidate[] {
  const manifests = path.join(root, 'manifests')
  const out: Candidate[] = []
  for (const host of listDir(manifests).sort()) {
    for (const ns of listDir(path.join(manifests, host)).sort()) {
      for (const model of listDir(path.join(manifests, host, ns)).sort()) {
        for (const tag of listDir(path.join(manifests, host, ns, model)).sort()) {
          const prefix = host === DEFAULT_HOST ? (ns === 'library' ? '' : `${ns}/`) : `${host}/${ns}/`
          const name = `${prefix}${model}:${tag}`
          const file = path.join(manifests, host, ns, model, tag)
          out.push({ name, source: 'ollama', ...modelBlob(root, file) })
        }
      }
    }
  }
  return out
}

function modelBlob(root: string, manifest: string): { path: string; error?: string } {
  const fail = (why: string) => ({ path: manifest, error: `Ollama manifest ${manifest} ${why}` })
  let text: string
  try {
    const stat = fs.statSync(manifest)
    if (!stat.isFile()) return fail('is not a file')
    if (stat.size > MAX_MANIFEST_BYTES) return fail(`is ${stat.size} bytes, larger than any manifest`)
    text = fs.readFileSync(manifest, 'utf8')
  } catch (err) {
    return fail(`cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  let layers: unknown
  try {
    layers = (JSON.parse(text) as { layers?: unknown }).layers
  } catch {
    return fail('is not JSON')
  }
  if (!Array.isArray(layers)) return fail('has no list of layers')
  const layer = layers.find(
    (l): l is { digest?: unknown } =>
      typeof l === 'object' && l !== null && (l as { mediaType?: unknown }).mediaType === MODEL_LAYER,
  )
  if (!layer) return fail(`has no layer of media type ${MODEL_LAYER}`)
  const digest = typeof layer.digest === 'string' ? /^sha256:([0-9a-f]{64})$/.exec(layer.digest) : null
  if (!digest) return fail('names its model layer by a digest that is not sha256:<64 hex digits>')
  return { path: path.join(root, 'blobs', `sha256-${digest[1]}`) }
}
