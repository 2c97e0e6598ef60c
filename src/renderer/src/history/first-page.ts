import type { RequestPayload, ResponseMap } from '../../../core/contract'
import { rawBridge } from '../api/raw-transport'

type Request = RequestPayload<'experiments.list'>
type Answer = ResponseMap['experiments.list']

/**
 * The unfiltered first page, as `listRequest(NO_FILTERS, 0)` builds it (a test holds them equal).
 * Spelled out here so that main.tsx imports nothing of the app's code.
 */
export const FIRST_PAGE_REQUEST: Request = { limit: 50, offset: 0 }

/** The early answer: asked for by main.tsx before the app's code (boot.tsx) loads; taken once. */
let early: { key: string; answer: Promise<Answer>; value: Answer | null } | null = null

/**
 * Asks for the history's first page at once, so that it has come by the time React first renders
 * the history, which can then draw its rows in that very render (see `firstPageNow`).
 */
export function askFirstPage(): void {
  if (early) return
  const answer = rawBridge()
    .invoke('experiments.list', FIRST_PAGE_REQUEST)
    .then((envelope) => {
      if (!envelope.ok) throw new Error(envelope.error)
      return envelope.result as Answer
    })
  const asked = { key: JSON.stringify(FIRST_PAGE_REQUEST), answer, value: null as Answer | null }
  // Nobody may take it (a reload asks again): a failure here is the history's to report, not unhandled.
  answer.then(
    (value) => void (asked.value = value),
    () => undefined,
  )
  early = asked
}

/** The early answer, if it has already come and is for this very request; taken. */
export function firstPageNow(request: Request): Answer | null {
  if (!early || early.value === null || early.key !== JSON.stringify(request)) return null
  const { value } = early
  early = null
  return value
}

/** `experiments.list`: the early answer when it is for this very request and not yet taken, else a new request. */
export function listExperiments(request: Request, ask: (request: Request) => Promise<Answer>): Promise<Answer> {
  if (early && early.key === JSON.stringify(request)) {
    const { answer } = early
    early = null
    return answer
  }
  return ask(request)
}
