import type { RequestPayload, ResponseMap } from '../../../core/contract'
import { lab } from '../api/client'
import { FIRST_PAGE } from './page-size'

type Request = RequestPayload<'experiments.list'>
type Answer = ResponseMap['experiments.list']

/** The history's first page, asked for by main.tsx before the app's code loads; taken once. */
let early: { key: string; answer: Promise<Answer> } | null = null

/**
 * Hands over the first page main.tsx asked for over the raw transport (the typed bridge, and the
 * schemas it brings, load only with the app).
 */
export function takeEarlyFirstPage(answer: Promise<unknown>): void {
  const typed = answer.then((envelope) => {
    const e = envelope as { ok: true; result: Answer } | { ok: false; error: string }
    if (!e.ok) throw new Error(e.error)
    return e.result
  })
  // Nobody may take it (a reload asks again): a failure here is the history's to report, not unhandled.
  typed.catch(() => undefined)
  early = { key: JSON.stringify(FIRST_PAGE), answer: typed }
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
