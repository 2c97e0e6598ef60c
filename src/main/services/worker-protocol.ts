import type { EventChannel, EventPayload, RequestPayload } from '../../core/contract'

/** Messages from the service (main thread) to the decode worker. */
export type ToWorker =
  | {
      type: 'start'
      jobId: number
      request: RequestPayload<'experiment.start'>
      /** The model's API key where the app keeps it (decrypted here, in the main thread). */ apiKey?: string
    }
  | { type: 'sweep'; jobId: number; request: RequestPayload<'sweep.start'>; apiKey?: string }
  | { type: 'score'; jobId: number; request: RequestPayload<'score.start'>; apiKey?: string }
  | { type: 'cancel'; jobId: number }

/** What starts a job. */
export type StartMessage = Exclude<ToWorker, { type: 'cancel' }>

/** Messages from the decode worker: the contract's events, as they are. */
export type FromWorker = { [C in EventChannel]: { type: C; payload: EventPayload<C> } }[EventChannel]

export interface WorkerData {
  dbPath: string
  /** The TypeScript entry, when running from source. */
  entry?: string
}
