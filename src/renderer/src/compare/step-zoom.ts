/** A range of steps a chart's x axis shows, first and last step included; null: the whole length. */
export type StepRange = readonly [number, number]

/** The narrowest range a zoom gives: two steps apart, so a line still has a slope to read. */
export const MIN_SPAN = 2

/**
 * The range after a wheel turn at step `at`: `factor` < 1 zooms in, > 1 out, the step under the
 * pointer staying where it is. Whole steps only, within 1 … `last`; the whole length gives null.
 */
export function zoomSteps(range: StepRange | null, last: number, at: number, factor: number): StepRange | null {
  if (last - 1 <= MIN_SPAN) return null
  const [from, to] = range ?? [1, last]
  const span = to - from
  const next = factor < 1 ? Math.max(MIN_SPAN, Math.floor(span * factor)) : Math.max(span + 1, Math.ceil(span * factor))
  if (next >= last - 1) return null
  const focus = Math.min(to, Math.max(from, at))
  const start = Math.round(focus - ((focus - from) * next) / span)
  const first = Math.min(last - next, Math.max(1, start))
  return [first, first + next]
}

/** The range moved by `delta` steps (whole steps), kept within 1 … `last`. */
export function panSteps(range: StepRange, last: number, delta: number): StepRange {
  const span = range[1] - range[0]
  const first = Math.min(last - span, Math.max(1, range[0] + Math.round(delta)))
  return [first, first + span]
}

/** A chart's own view of a shared range: cut to its last step, and null where it covers the whole. */
export function rangeFor(range: StepRange | null, last: number): StepRange | null {
  if (!range || last - 1 <= MIN_SPAN) return null
  const to = Math.min(range[1], last)
  const from = Math.max(1, Math.min(range[0], to - MIN_SPAN))
  return from <= 1 && to >= last ? null : [from, to]
}
