import fs from 'node:fs'
import { builtinModelFile, checkModelFile, listModels } from '../models/registry'
import { savedNgramFile } from '../models/ngram-store'
import { fileSha256 } from './file-hash'

/** The file behind a model id as the store recorded it: a built-in, a saved n-gram model, or a path. */
export function modelFile(modelId: string): string | null {
  if (listModels().some((m) => m.builtin && m.id === modelId)) {
    const found = builtinModelFile(modelId)
    return found !== null && fs.existsSync(found) ? found : null
  }
  const saved = savedNgramFile(modelId)
  if (saved) return saved
  // Only a file that is a model: an imported report can name any path, and its hash would tell
  // someone who can read exports whether a guess of that file's content is right.
  try {
    checkModelFile(modelId)
    return modelId
  } catch {
    return null
  }
}

/** sha256 of the file behind a stored model id (a report's experiment); null when the file is gone. */
export function modelSha256(modelId: string): Promise<string | null> {
  return fileSha256(modelFile(modelId))
}
