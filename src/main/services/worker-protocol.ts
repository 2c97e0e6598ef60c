import type { EventChannel, EventPayload, RequestPayload } from '../../core/contract'
import type { StepUnderOrder } from '../../core/strategies/step-under-order'

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
  | {
      type: 'compareOrder'
      jobId: number
      /** With the run's model, which the service looks up so that the queue knows what the job loads. */
      request: RequestPayload<'step.compareOrder'> & { model: string }
      apiKey?: string
    }
  | { type: 'cancel'; jobId: number }

/** What starts a job. */
export type StartMessage = Exclude<ToWorker, { type: 'cancel' }>

/** Messages from the decode worker: the contract's events, as they are, and the answer of a job that answers a request. */
export type FromWorker =
  | { [C in EventChannel]: { type: C; payload: EventPayload<C> } }[EventChannel]
  | { type: 'answer'; jobId: number; result: StepUnderOrder }
  | { type: 'answer'; jobId: number; error: string; input: boolean }

export interface WorkerData {
  dbPath: string
  /** The TypeScript entry, when running from source. */
  entry?: string
}
