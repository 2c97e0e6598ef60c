import { Worker } from 'node:worker_threads'
import type { DiscoveredModel, Discovery, SearchedFolder } from '../../core/discovered-model'
import type { Candidate } from '../models/discover/candidate'
import { CHECK_MODEL_MEMORY_MB, checkModelWorkerEntry } from './check-model-thread'

export interface DiscoverData {
  task: 'discover'
  home: string
  folders: string[]
  /** Set when a thread that died is replaced: the files it had not read yet. */
  candidates?: Candidate[]
  entry?: string
}

export type DiscoverMessage =
  | { type: 'candidates'; candidates: Candidate[]; searched: SearchedFolder[] }
  | { type: 'reading'; path: string }
  | { type: 'model'; model: DiscoveredModel }
  | { type: 'done' }

const NO_SUMMARY = {
  architecture: null,
  parameters: null,
  quantisation: null,
  contextLength: null,
  vocabSize: null,
  chatTemplate: null,
}

/**
 * Lists the GGUF files in the model folders under `home` and the added `folders`, reading each header
 * in a thread with a memory limit. A file whose header exhausts the thread is listed with why, and a
 * fresh thread reads the rest.
 */
export async function discoverModelsInWorker(home: string, folders: string[]): Promise<Discovery> {
  const models: DiscoveredModel[] = []
  let searched: SearchedFolder[] = []
  let pending: Candidate[] | undefined
  for (;;) {
    const outcome = await runThread(
      { task: 'discover', home, folders, candidates: pending },
      {
        candidates: (list, s) => {
          pending = list
          searched = s
        },
        model: (m) => {
          models.push(m)
          pending = pending?.filter((c) => c.path !== m.path)
        },
      },
    )
    if (outcome.done) break
    if (!pending) throw new Error(`listing the model folders stopped the thread that read them: ${outcome.reason}`)
    const failed = pending.find((c) => c.path === outcome.reading)
    if (!failed) throw new Error(`reading the model files stopped the thread that read them: ${outcome.reason}`)
    models.push({
      name: failed.name,
      source: failed.source,
      path: failed.path,
      ...NO_SUMMARY,
      sizeBytes: 0,
      error: `${failed.path}: ${outcome.reason}`,
    })
    pending = pending.filter((c) => c !== failed)
  }
  return { models, searched }
}

type Outcome = { done: true } | { done: false; reading: string | null; reason: string }

function runThread(
  data: DiscoverData,
  on: { candidates: (c: Candidate[], s: SearchedFolder[]) => void; model: (m: DiscoveredModel) => void },
): Promise<Outcome> {
  const { file, entry } = checkModelWorkerEntry()
  return new Promise((resolve) => {
    let reading: string | null = null
    let settled = false
    const settle = (o: Outcome): void => {
      if (settled) return
      settled = true
      resolve(o)
    }
    const worker = new Worker(file, {
      workerData: { ...data, entry } satisfies DiscoverData,
      resourceLimits: { maxOldGenerationSizeMb: CHECK_MODEL_MEMORY_MB },
    })
    worker.on('message', (m: DiscoverMessage) => {
      if (m.type === 'candidates') on.candidates(m.candidates, m.searched)
      else if (m.type === 'reading') reading = m.path
      else if (m.type === 'model') {
        reading = null
        on.model(m.model)
      } else settle({ done: true })
    })
    worker.once('error', (err: Error & { code?: string }) =>
      settle({
        done: false,
        reading,
        reason:
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `reading its header took more than ${CHECK_MODEL_MEMORY_MB} MB of memory, more than a model file's header needs`
            : err.message,
      }),
    )
    worker.once('exit', (code) => settle({ done: false, reading, reason: `the thread stopped (exit code ${code})` }))
  })
}
