/** Where users keep GGUF files: LM Studio's folders, Hugging Face's cache, Ollama's store, or a folder they added. */
export type ModelSource = 'lmstudio' | 'huggingface' | 'ollama' | 'folder'

export const MODEL_SOURCE_NAMES: Record<ModelSource, string> = {
  lmstudio: 'LM Studio',
  huggingface: 'Hugging Face',
  ollama: 'Ollama',
  folder: 'added folder',
}

/** A GGUF file found on disk (see GgufSummary); its header's fields are null when it could not be read, and `error` says why. */
export interface DiscoveredModel {
  /** Path below its folder (LM Studio, an added folder), repository and file (Hugging Face), or name:tag (Ollama). */
  name: string
  source: ModelSource
  /** The file to load (an Ollama blob, a Hugging Face snapshot link). */
  path: string
  architecture: string | null
  parameters: number | null
  quantisation: string | null
  contextLength: number | null
  vocabSize: number | null
  chatTemplate: boolean | null
  sizeBytes: number
  error: string | null
}

/** A folder discovery looked in. */
export interface SearchedFolder {
  source: ModelSource
  path: string
  exists: boolean
}

export interface Discovery {
  models: DiscoveredModel[]
  searched: SearchedFolder[]
}
