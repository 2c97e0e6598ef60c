import fs from 'node:fs'
import type { DiscoveredModel } from '../../../core/discovered-model'
import { ggufSummary } from '../../../core/gguf/gguf-summary'
import { inspectGgufFile } from '../gguf-model'
import type { Candidate } from './candidate'

const NO_SUMMARY = {
  architecture: null,
  parameters: null,
  quantisation: null,
  contextLength: null,
  vocabSize: null,
  chatTemplate: null,
}

/** A candidate file as the model list shows it, from its header (read within GGUF_HEADER_LIMITS) and its size. */
export function describeCandidate(c: Candidate): DiscoveredModel {
  const base = { name: c.name, source: c.source, path: c.path }
  if (c.error) return { ...base, ...NO_SUMMARY, sizeBytes: 0, error: c.error }
  try {
    // Before opening it: opening a named pipe would wait for a writer.
    if (fs.existsSync(c.path) && !fs.statSync(c.path).isFile())
      return { ...base, ...NO_SUMMARY, sizeBytes: 0, error: `${c.path} is not a file` }
    const { header, size } = inspectGgufFile(c.path)
    return { ...base, ...ggufSummary(header), sizeBytes: size, error: null }
  } catch (err) {
    return {
      ...base,
      ...NO_SUMMARY,
      sizeBytes: sizeOf(c.path),
      error: err instanceof Error ? err.message : String(err),
    }
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size
  } catch {
    return 0
  }
}
