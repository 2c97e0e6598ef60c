import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { InputError } from '../../core/errors'
import type { checkModelFile } from '../models/registry'

type FileKind = ReturnType<typeof checkModelFile>

export interface CheckModelData {
  file: string
  /** The TypeScript entry, when running from source. */
  entry?: string
}

export type CheckModelReply = { ok: true; kind: FileKind } | { ok: false; input: boolean; message: string }

/** A model file's check needs its header and little else; a file that asks for more is not one we can read. */
export const CHECK_MODEL_MEMORY_MB = 512

/** The worker's script: the TypeScript source under tsx, the bundled file in a build (discover-thread.ts starts it too). */
export function checkModelWorkerEntry(): { file: string; entry?: string } {
  const ts = path.join(__dirname, 'check-model-worker.ts')
  if (fs.existsSync(ts)) return { file: path.join(__dirname, 'ts-worker-bootstrap.cjs'), entry: ts }
  return { file: path.join(__dirname, 'check-model-worker.js') }
}

/**
 * Checks a model file as registry.checkModelFile does, in a thread of its own with a memory limit:
 * parsing a hostile header must not block, or exhaust, the thread that serves the app.
 */
export function checkModelFileInWorker(file: string): Promise<FileKind> {
  const { file: script, entry } = checkModelWorkerEntry()
  return new Promise((resolve, reject) => {
    let settled = false
    const settle = (fn: () => void): void => {
      if (settled) return
      settled = true
      fn()
    }
    const worker = new Worker(script, {
      workerData: { file, entry } satisfies CheckModelData,
      resourceLimits: { maxOldGenerationSizeMb: CHECK_MODEL_MEMORY_MB },
    })
    worker.once('message', (reply: CheckModelReply) =>
      settle(() =>
        reply.ok ? resolve(reply.kind) : reject(reply.input ? new InputError(reply.message) : new Error(reply.message)),
      ),
    )
    worker.once('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new InputError(
                `${file}: checking it took more than ${CHECK_MODEL_MEMORY_MB} MB of memory, more than a model file's header needs`,
              )
            : err,
        ),
      ),
    )
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`checking ${file} stopped the thread that checked it (exit code ${code})`))),
    )
  })
}
