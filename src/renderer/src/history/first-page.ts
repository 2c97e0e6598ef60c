import type { RequestPayload, ResponseMap } from '../../../core/contract'
import { lab } from '../api/client'
import { listRequest, NO_FILTERS } from './history-query'

type Request = RequestPayload<'experiments.list'>
type Answer = ResponseMap['experiments.list']

/** The history's first page, asked for by main.tsx before React's first render; taken once. */
let early: { key: string; answer: Promise<Answer> } | null = null

/**
 * Asks for the unfiltered first page at once, so that the server works on it while the page
 * renders the shell (the history would ask only after that first render is committed).
 */
export function askFirstPage(): void {
  const request = listRequest(NO_FILTERS, 0)
  const answer = lab.invoke('experiments.list', request)
  // Nobody may take it (a reload asks again): a failure here is the history's to report, not unhandled.
  answer.catch(() => undefined)
  early = { key: JSON.stringify(request), answer }
}

/** `experiments.list`: the early answer when it is for this very request and not yet taken, else a new request. */
export function listExperiments(request: Request): Promise<Answer> {
  if (early && early.key === JSON.stringify(request)) {
    const { answer } = early
    early = null
    return answer
  }
  return lab.invoke('experiments.list', request)
}
