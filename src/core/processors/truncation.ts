import type { Candidates } from '../distribution'
import { copy, kept, MASS_EPSILON, type ProcessedCandidates, type Processor } from '../processors'
import { entropyOf } from './reweight'

/**
 * Truncations that keep every token whose probability clears a threshold, and always the most
 * probable one (Hugging Face's min_tokens_to_keep = 1). The unknown rest of a partial distribution
 * could hold a token above the threshold only if its whole mass does: then the cut is flagged.
 */
function aboveThreshold(c: Candidates, threshold: number): ProcessedCandidates {
  const positions: number[] = []
  for (let i = 0; i < c.ids.length; i++) if (i === 0 || c.probs[i] >= threshold - MASS_EPSILON) positions.push(i)
  return { ...kept(c, positions), cutBeyondKnown: c.otherMass > 0 && c.otherMass >= threshold }
}

const approximate = (name: string, what: string): string =>
  `${name}: ${what} of a partial distribution is approximate (its unknown rest counts as one token)`

/** min-p (Nguyen et al. 2024): 0 = disabled. Keeps tokens with p ≥ minP × p(most probable). */
export function minP(m: number): Processor {
  return {
    name: 'minP',
    apply(c) {
      if (m === 0 || c.ids.length === 0) return copy(c)
      return aboveThreshold(c, m * c.probs[0])
    },
  }
}

/** epsilon sampling (Hewitt et al. 2022): 0 = disabled. Keeps tokens with p ≥ ε. */
export function epsilon(e: number): Processor {
  return {
    name: 'epsilon',
    apply(c) {
      return e === 0 ? copy(c) : aboveThreshold(c, e)
    },
  }
}

/** eta sampling (Hewitt et al. 2022): 0 = disabled. Keeps tokens with p ≥ min(ε, √ε · e^(−H)). */
export function eta(e: number): Processor {
  return {
    name: 'eta',
    apply(c) {
      if (e === 0) return copy(c)
      const out = aboveThreshold(c, Math.min(e, Math.sqrt(e) * Math.exp(-entropyOf(c))))
      return c.otherMass > 0 ? { ...out, warnings: [approximate('eta', 'the entropy')] } : out
    },
  }
}

/**
 * locally typical sampling (Meister et al. 2023): 1 = disabled. Orders tokens by |−log p − H|,
 * keeps the shortest such prefix whose mass reaches typicalP, plus ties with its last score.
 * The most probable token may be dropped: it is often far from typical.
 */
export function typicalP(mass: number): Processor {
  return {
    name: 'typicalP',
    apply(c) {
      if (mass === 1 || c.ids.length === 0) return copy(c)
      const h = entropyOf(c)
      const score = Array.from(c.probs, (p) => Math.abs(-Math.log(p) - h))
      // Stable sort: equal scores keep ranking order.
      const byScore = score.map((_, i) => i).sort((a, b) => score[a] - score[b])
      let total = c.otherMass
      for (let i = 0; i < c.probs.length; i++) total += c.probs[i]
      let cum = 0
      let last = -1
      do cum += c.probs[byScore[++last]]
      while (last < byScore.length - 1 && cum < mass * total - MASS_EPSILON)
      const reached = cum >= mass * total - MASS_EPSILON
      const limit = score[byScore[last]]
      const positions = byScore.filter((i) => score[i] <= limit).sort((a, b) => a - b)
      const out: ProcessedCandidates = { ...kept(c, positions), cutBeyondKnown: c.otherMass > 0 && !reached }
      return c.otherMass > 0 ? { ...out, warnings: [approximate('typicalP', 'the entropy')] } : out
    },
  }
}

/**
 * top-n-σ (Tang et al. 2024, llama.cpp): 0 = disabled. Keeps tokens whose logit is within n
 * standard deviations (population, over the tokens still in the list) of the largest. Log-probabilities
 * differ from logits by a constant, which neither the spread nor the cut sees.
 */
export function topNSigma(n: number): Processor {
  return {
    name: 'topNSigma',
    apply(c) {
      if (n === 0 || c.ids.length <= 1) return copy(c)
      const logits = Array.from(c.probs, Math.log)
      const mean = logits.reduce((a, b) => a + b, 0) / logits.length
      const sigma = Math.sqrt(logits.reduce((a, l) => a + (l - mean) ** 2, 0) / logits.length)
      const cut = logits[0] - n * sigma
      const positions = logits.flatMap((l, i) => (l >= cut - MASS_EPSILON ? [i] : []))
      const out: ProcessedCandidates = kept(c, positions)
      return c.otherMass > 0 ? { ...out, warnings: [approximate('topNSigma', 'the spread of the logits')] } : out
    },
  }
}
