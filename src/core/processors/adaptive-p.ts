import type { Candidates } from '../distribution'
import { renormalised } from '../processors'

/** adaptiveTarget < 0 = off; adaptiveDecay 0.9 (an EMA over about 1/(1 − decay) = 10 tokens). llama.cpp's defaults. */
export const ADAPTIVE_P_NEUTRAL = { adaptiveTarget: -1, adaptiveDecay: 0.9 } as const

/** The EMA of the original probabilities of the tokens drawn: Σ p_i decay^i and Σ decay^i. */
export interface AdaptivePState {
  weightedSum: number
  totalWeight: number
}

// llama.cpp's transform constants DISTRIBUTION_WIDTH and SHARPNESS; PEAK_LOGIT_VALUE (5) cancels in the softmax.
const WIDTH = 0.3
const SHARPNESS = 10

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x))

/** The state before the first token, as llama_sampler_init_adaptive_p sets it: a history at the target. */
export function adaptivePStart(target: number, decay: number): AdaptivePState {
  const d = clamp(decay, 0, 0.99)
  return { weightedSum: target / (1 - d), totalWeight: 1 / (1 - d) }
}

/** The target of this step: 2 × target − the EMA, in [0, 1], so that the average drifts to the target. */
export function adaptedTarget(state: AdaptivePState, target: number): number {
  const t = clamp(target, 0, 1)
  return clamp(state.totalWeight === 0 ? t : 2 * t - state.weightedSum / state.totalWeight, 0, 1)
}

/**
 * llama.cpp's adaptive-p transform (llama_sampler_adaptive_p_apply): each token's new logit is
 * 5 − 10 d²/(1 + d), d = |p − adapted target| / 0.3, p its probability among the listed tokens; the
 * result is their softmax, in ranking order. A negative target leaves the distribution alone.
 */
export function adaptivePCandidates(c: Candidates, state: AdaptivePState, target: number): Candidates {
  if (target < 0 || c.ids.length === 0) return renormalised(c, c.ids.length)
  const goal = adaptedTarget(state, target)
  let total = 0
  for (let i = 0; i < c.probs.length; i++) total += c.probs[i]
  const weights = new Float64Array(c.ids.length)
  let z = 0
  for (let i = 0; i < weights.length; i++) {
    const d = Math.abs((c.probs[i] / total - goal) / WIDTH)
    // e^(logit − 5): 5 is the largest logit the transform gives, so this never overflows.
    z += weights[i] = Math.exp(-(SHARPNESS * d * d) / (1 + d))
  }
  const order = Array.from(weights, (_, i) => i).sort((a, b) => weights[b] - weights[a] || c.ids[a] - c.ids[b])
  return {
    ids: Int32Array.from(order, (i) => c.ids[i]),
    probs: Float64Array.from(order, (i) => weights[i] / z),
    otherMass: 0,
  }
}

/** The state after drawing a token whose probability before the transform was p (llama.cpp's accept). */
export function adaptivePUpdate(state: AdaptivePState, p: number, decay: number): AdaptivePState {
  const d = clamp(decay, 0, 0.99)
  return { weightedSum: p + d * state.weightedSum, totalWeight: 1 + d * state.totalWeight }
}

/** A state whose adapted target is `goal`: what a stored step records, enough to replay its transform. */
export function adaptivePStateFor(goal: number, target: number): AdaptivePState {
  return { weightedSum: 2 * clamp(target, 0, 1) - goal, totalWeight: 1 }
}
