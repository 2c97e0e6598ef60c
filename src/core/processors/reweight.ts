import type { Candidates } from '../distribution'

/**
 * Multiplies each candidate's probability by `factor(i)` and renormalises over the listed tokens
 * plus the untouched unknown rest, back in ranking order (a penalty can reorder tokens). The factor
 * is a logit change of ln factor, so a known logit offset becomes offset + ln z.
 */
export function reweighted(c: Candidates, factor: (i: number) => number): Candidates {
  const n = c.ids.length
  const weights = new Float64Array(n)
  let z = c.otherMass
  for (let i = 0; i < n; i++) z += weights[i] = c.probs[i] * factor(i)
  const order: number[] = []
  for (let i = 0; i < n; i++) if (weights[i] > 0) order.push(i)
  order.sort((a, b) => weights[b] - weights[a] || c.ids[a] - c.ids[b])
  // Every token removed (no-repeat-n-gram can do that): an empty list, which sampling reports.
  const scale = z > 0 ? 1 / z : 0
  return {
    ids: Int32Array.from(order, (i) => c.ids[i]),
    probs: Float64Array.from(order, (i) => weights[i] * scale),
    otherMass: c.otherMass * scale,
    ...(c.logitOffset !== undefined && z > 0 ? { logitOffset: c.logitOffset + Math.log(z) } : {}),
  }
}

/** True when some token of `wanted` is absent from the listed part of a partial distribution. */
export function hiddenAmong(c: Candidates, wanted: Iterable<number>): boolean {
  if (!(c.otherMass > 0)) return false
  const listed = new Set(c.ids)
  for (const t of wanted) if (!listed.has(t)) return true
  return false
}

/** Entropy in nats; the unknown rest of a partial distribution counts as one lump (a lower bound). */
export function entropyOf(c: Candidates): number {
  let h = 0
  for (let i = 0; i < c.probs.length; i++) if (c.probs[i] > 0) h -= c.probs[i] * Math.log(c.probs[i])
  if (c.otherMass > 0) h -= c.otherMass * Math.log(c.otherMass)
  return h
}
