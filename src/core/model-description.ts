/** What a loaded model says of itself for a run's reproducibility record (RunProvenance). */
export interface ModelDescription {
  backend: {
    name: string
    version: string | null
    detail: string | null
    /** GGUF models: the GPU backend (null: the CPU), the device, the layers offloaded, and why no GPU was used where one was asked for. */
    gpu?: { backend: string | null; device: string | null; layers: number; reason: string | null }
  }
  /** GGUF files only: the file type it declares, or its dominant tensor type. */
  quantisation: string | null
  /** Why a re-run may not repeat a run token for token (a code for the app's translations, and the reason); null when it will. */
  nondeterminism: { code: 'llama-cpu' | 'llama-gpu' | 'remote-batching'; note: string } | null
}

/** The file a model was loaded from, and its sha256: streamed on the first call (a GGUF file runs to gigabytes), null once the file is gone. */
export interface ModelFile {
  readonly path: string
  sha256(): Promise<string | null>
}
