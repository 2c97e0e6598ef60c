import { parentPort, workerData } from 'node:worker_threads'
import { InputError } from '../../core/errors'
import { describeCandidate } from '../models/discover/describe-model'
import { findCandidates } from '../models/discover/model-folders'
import { checkModelFile } from '../models/registry'
import type { CheckModelData, CheckModelReply } from './check-model-thread'
import type { DiscoverData, DiscoverMessage } from './discover-thread'

/** A short-lived thread that checks one model file, or lists the models on disk (check-model-thread.ts and discover-thread.ts start it). */
const port = parentPort
if (!port) throw new Error('check-model-worker must run in a worker thread')
const data = workerData as CheckModelData | DiscoverData
if ('task' in data) {
  const send = (m: DiscoverMessage): void => port.postMessage(m)
  let candidates = data.candidates
  if (!candidates) {
    const found = findCandidates(data.home, data.folders)
    candidates = found.candidates
    send({ type: 'candidates', candidates, searched: found.searched })
  }
  for (const c of candidates) {
    send({ type: 'reading', path: c.path })
    send({ type: 'model', model: describeCandidate(c) })
  }
  send({ type: 'done' })
} else {
  let reply: CheckModelReply
  try {
    reply = { ok: true, kind: checkModelFile(data.file) }
  } catch (err) {
    reply = { ok: false, input: err instanceof InputError, message: err instanceof Error ? err.message : String(err) }
  }
  port.postMessage(reply)
}
