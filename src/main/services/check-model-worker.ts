import { parentPort, workerData } from 'node:worker_threads'
import { InputError } from '../../core/errors'
import { checkModelFile } from '../models/registry'
import type { CheckModelData, CheckModelReply } from './check-model-thread'

/** A short-lived thread that checks one model file (src/main/services/check-model-thread.ts starts it). */
const port = parentPort
if (!port) throw new Error('check-model-worker must run in a worker thread')
const { file } = workerData as CheckModelData
let reply: CheckModelReply
try {
  reply = { ok: true, kind: checkModelFile(file) }
} catch (err) {
  reply = { ok: false, input: err instanceof InputError, message: err instanceof Error ? err.message : String(err) }
}
port.postMessage(reply)
