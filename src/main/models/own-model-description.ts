import type { ModelDescription } from '../../core/model-description'
import { appVersion } from '../provenance/app-version'

const BACKENDS = {
  table: 'Decoding Lab table model',
  ngram: 'Decoding Lab n-gram model (interpolated Kneser-Ney)',
} as const

/** The app's own models (tables, n-grams): the app is their backend, and a re-run repeats them exactly. */
export function ownModelDescription(kind: keyof typeof BACKENDS): ModelDescription {
  return {
    backend: { name: BACKENDS[kind], version: appVersion(), detail: null },
    quantisation: null,
    nondeterminism: null,
  }
}
