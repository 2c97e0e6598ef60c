import { before, TopN } from './top-n'
import type { Distribution, LogitsSummary, TokenId } from './types'

/** What the probability tree stores of one expanded node. */
export interface Summary {
  /** The n most probable tokens, by probability and then by lower id. */
  ids: Int32Array
  probs: Float64Array
  /** Mass of every token outside `ids`, including the unknown rest of a partial distribution. */
  otherMass: number
  /** Entropy in nats; for a partial distribution the unknown rest counts as one lump (a lower bound). */
  entropy: number
  partial: boolean
  /** For logits: their max and Σ exp(logit − max), so that later probabilities need no pass of their own. */
  normaliser?: Normaliser
}

export interface Normaliser {
  max: number
  z: number
}

/**
 * Top-n, entropy and other-mass in two passes with no sort of the vocabulary.
 * For logits it is a fused softmax: the probabilities of the top entries come from the same
 * max and normaliser, entropy from H = log Z − Σ p·(x − max).
 */
export function summarize(dist: Distribution, n: number): Summary {
  if (dist.kind === 'probs') return summarizeProbs(dist, n)
  const given = dist.summary
  if (given && (given.ids.length >= n || given.ids.length === dist.logits.length)) return fromGiven(given, n)
  return summarizeLogits(dist.logits, n)
}

/** The same Summary from sums a model made (LogitsSummary): only the top entries are computed here. */
function fromGiven(given: LogitsSummary, n: number): Summary {
  const { max, z, zx } = given
  const count = Math.min(n, given.ids.length)
  const ids = given.ids.slice(0, count)
  const probs = new Float64Array(count)
  let kept = 0
  for (let k = 0; k < count; k++) {
    probs[k] = Math.exp(given.logits[k] - max) / z
    kept += probs[k]
  }
  return {
    ids,
    probs,
    otherMass: Math.max(0, 1 - kept),
    entropy: Math.log(z) - zx / z,
    partial: false,
    normaliser: { max, z },
  }
}

function summarizeLogits(logits: Float32Array, n: number): Summary {
  const size = logits.length
  let max = -Infinity
  for (let i = 0; i < size; i++) if (logits[i] > max) max = logits[i]
  const top = new TopN(Math.min(n, size))
  let z = 0
  let zx = 0
  for (let i = 0; i < size; i++) {
    const x = logits[i] - max
    const e = Math.exp(x)
    z += e
    // A masked logit (−∞) has e = 0: it adds nothing, where 0 · −∞ would give NaN.
    if (e > 0) zx += e * x
    if (x > top.threshold) top.push(i, x)
  }
  const count = top.size
  const ids = new Int32Array(count)
  const probs = new Float64Array(count)
  let kept = 0
  for (let k = 0; k < count; k++) {
    ids[k] = top.ids[k]
    probs[k] = Math.exp(top.keys[k]) / z
    kept += probs[k]
  }
  return {
    ids,
    probs,
    otherMass: Math.max(0, 1 - kept),
    entropy: Math.log(z) - zx / z,
    partial: false,
    normaliser: { max, z },
  }
}

function summarizeProbs(dist: Extract<Distribution, { kind: 'probs' }>, n: number): Summary {
  const top = new TopN(Math.min(n, dist.ids.length))
  let entropy = 0
  for (let i = 0; i < dist.ids.length; i++) {
    const p = dist.probs[i]
    if (p <= 0) continue
    entropy -= p * Math.log(p)
    if (p >= top.threshold) top.pushTie(dist.ids[i], p)
  }
  if (dist.otherMass > 0) entropy -= dist.otherMass * Math.log(dist.otherMass)
  const count = top.size
  const ids = top.ids.slice(0, count)
  const probs = Float64Array.from(top.keys.subarray(0, count))
  let kept = 0
  for (let k = 0; k < count; k++) kept += probs[k]
  let total = dist.otherMass
  for (let i = 0; i < dist.probs.length; i++) total += dist.probs[i]
  return { ids, probs, otherMass: Math.max(0, total - kept), entropy, partial: dist.otherMass > 0 }
}

/** Candidates in ranking order, normalised over the listed tokens plus `otherMass`. */
export interface Candidates {
  ids: Int32Array
  probs: Float64Array
  /** Mass known to exist beyond the listed tokens (a partial distribution). */
  otherMass: number
  /**
   * Where the model gave logits: the constant c with logit = ln p + c for every listed token, so that
   * a processor reading raw logits (llama.cpp's repetition penalty, whose rule depends on the logit's
   * sign) can. Processors that keep it up to date pass it on; absent, only log-probabilities are known.
   */
  logitOffset?: number
}

/** Every token of non-zero probability, sorted in ranking order. */
export function sortedCandidates(dist: Distribution): Candidates {
  if (dist.kind === 'logits' && dist.logits.length <= ID_SPAN) return sortedLogits(dist.logits)
  let ids: Int32Array
  let probs: Float64Array
  if (dist.kind === 'logits') {
    const { logits } = dist
    let max = -Infinity
    for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
    probs = new Float64Array(logits.length)
    let z = 0
    for (let i = 0; i < logits.length; i++) z += probs[i] = Math.exp(logits[i] - max)
    for (let i = 0; i < logits.length; i++) probs[i] /= z
    ids = new Int32Array(logits.length)
    for (let i = 0; i < ids.length; i++) ids[i] = i
  } else {
    ids = dist.ids
    probs = dist.probs
  }
  const order: number[] = []
  for (let i = 0; i < ids.length; i++) if (probs[i] > 0) order.push(i)
  order.sort((a, b) => probs[b] - probs[a] || ids[a] - ids[b])
  return {
    ids: Int32Array.from(order, (i) => ids[i]),
    probs: Float64Array.from(order, (i) => probs[i]),
    otherMass: dist.kind === 'probs' ? dist.otherMass : 0,
    ...(dist.kind === 'logits' ? { logitOffset: logitOffsetOf(dist.logits) } : {}),
  }
}

/** max + ln Σ exp(logit − max): logit − ln p, the same for every token. */
function logitOffsetOf(logits: Float32Array): number {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  let z = 0
  for (let i = 0; i < logits.length; i++) z += Math.exp(logits[i] - max)
  return max + Math.log(z)
}

/** Ids below 2^18 fit beside a 32-bit logit rank in one exactly represented double (50 bits). */
const ID_SPAN = 2 ** 18
const bits = new Uint32Array(1)
const asFloat = new Float32Array(bits.buffer)

/**
 * The same for logits, with a numeric sort of one key per token rather than a comparator: the logit's
 * float32 bits, made to order descending, above the id. A higher logit is a higher probability (exp is
 * monotone and distinct float32 logits stay distinct), so the order is the ranking order.
 */
function sortedLogits(logits: Float32Array): Candidates {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  let z = 0
  for (let i = 0; i < logits.length; i++) z += Math.exp(logits[i] - max)
  const keys = new Float64Array(logits.length)
  let n = 0
  for (let i = 0; i < logits.length; i++) {
    if (!(Math.exp(logits[i] - max) > 0)) continue
    // + 0 makes −0 the +0 it equals.
    asFloat[0] = logits[i] + 0
    const u = bits[0]
    // Ascending in the logit's value as an unsigned integer: negatives flipped, positives above them.
    const ascending = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0
    keys[n++] = (0xffffffff - ascending) * ID_SPAN + i
  }
  const sorted = keys.subarray(0, n).sort()
  const ids = new Int32Array(n)
  const probs = new Float64Array(n)
  for (let k = 0; k < n; k++) {
    const id = sorted[k] % ID_SPAN
    ids[k] = id
    probs[k] = Math.exp(logits[id] - max) / z
  }
  return { ids, probs, otherMass: 0, logitOffset: max + Math.log(z) }
}

/** The model's own probability of one token (0 when it is not listed). */
export function probabilityOf(dist: Distribution, token: TokenId): number {
  if (dist.kind === 'probs') {
    for (let i = 0; i < dist.ids.length; i++) if (dist.ids[i] === token) return dist.probs[i]
    return 0
  }
  const { logits } = dist
  if (token < 0 || token >= logits.length) return 0
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  let z = 0
  for (let i = 0; i < logits.length; i++) z += Math.exp(logits[i] - max)
  return Math.exp(logits[token] - max) / z
}

/** Position of `token` in the ranking order of the full distribution. */
export function rankOf(dist: Distribution, token: TokenId): number {
  const ids = dist.kind === 'probs' ? dist.ids : null
  const values = dist.kind === 'probs' ? dist.probs : dist.logits
  let own = -Infinity
  for (let i = 0; i < values.length; i++) if ((ids ? ids[i] : i) === token) own = values[i]
  let rank = 0
  for (let i = 0; i < values.length; i++) {
    const id = ids ? ids[i] : i
    if (dist.kind === 'probs' && values[i] <= 0) continue
    if (before(values[i], id, own, token)) rank++
  }
  return rank
}
