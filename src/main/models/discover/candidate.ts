import type { ModelSource } from '../../../core/discovered-model'

/** A file that may be a GGUF model; `error` when what points at it (an Ollama manifest) is already wrong. */
export interface Candidate {
  name: string
  source: ModelSource
  path: string
  error?: string
}
