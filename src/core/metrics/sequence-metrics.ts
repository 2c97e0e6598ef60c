import type { Sequence, TokenId, TreeNode } from '../types'
import { ngrams } from './ngrams'

export interface StepMetrics {
  /** Entropy (nats) of the distribution the token came from; a lower bound when partial, null when not recorded. */
  entropy: number | null
  /** −log p of the chosen token. */
  surprisal: number
  /** Rank of the chosen token in its distribution, 0 = most probable. */
  rank: number
}

export interface SequenceMetrics {
  logLikelihood: number
  /** null for an empty sequence, as perplexity. */
  meanLogProb: number | null
  perplexity: number | null
  meanEntropy: number | null
  /** Population variance of the step surprisals (uniform information density); null when empty. */
  surprisalVariance: number | null
  /** 100 when the text ends in a loop (Holtzman et al. 2019), else 0: averaged over samples it is their Repetition %. */
  repetitionPct: number
  distinct1: number | null
  distinct2: number | null
  distinct3: number | null
  /** Generated tokens, EOS included, as in the log-likelihood. */
  length: number
  steps: StepMetrics[]
}

/** The headline metrics of a sequence, as `run --json` and the app's table show them. */
export function sequenceSummary(m: SequenceMetrics) {
  return {
    perplexity: m.perplexity,
    meanEntropy: m.meanEntropy,
    surprisalVariance: m.surprisalVariance,
    repetitionPct: m.repetitionPct,
    distinct1: m.distinct1,
    distinct2: m.distinct2,
    distinct3: m.distinct3,
    length: m.length,
  }
}

export type SequenceSummary = ReturnType<typeof sequenceSummary>

/** The tokens of a sequence that are text: without a final EOS. */
export function textTokens(seq: Pick<Sequence, 'tokenIds' | 'finished'>): TokenId[] {
  return seq.finished ? seq.tokenIds.slice(0, -1) : [...seq.tokenIds]
}

/**
 * Holtzman et al. (2019): a phrase of at least `minPhrase` tokens repeated at least `minRepeats`
 * times in a row at the very end of the text.
 */
export function endsInRepetition(tokens: readonly TokenId[], minPhrase = 2, minRepeats = 3): boolean {
  for (let len = minPhrase; len * minRepeats <= tokens.length; len++) {
    const start = tokens.length - len * minRepeats
    let loops = true
    for (let i = start; i < tokens.length - len && loops; i++) loops = tokens[i] === tokens[i + len]
    if (loops) return true
  }
  return false
}

/** Distinct n-grams over all n-grams (Li et al. 2016); null when the text has no n-gram. */
export function distinctN(tokens: readonly TokenId[], n: number): number | null {
  const all = ngrams(tokens, n)
  return all.length === 0 ? null : new Set(all).size / all.length
}

/** Per-sequence metrics; `tree` is the run's tree, whose nodes give each step's entropy and rank. */
export function sequenceMetrics(seq: Sequence, tree: readonly TreeNode[]): SequenceMetrics {
  const path: TreeNode[] = []
  for (let n: TreeNode | undefined = tree[seq.nodeId]; n && n.parent !== null; n = tree[n.parent]) path.unshift(n)
  const steps: StepMetrics[] = seq.steps.map((st, i) => {
    const node = path[i]
    const parent = node && node.parent !== null ? tree[node.parent] : undefined
    return { entropy: parent?.entropy ?? null, surprisal: -st.logProb, rank: node?.rank ?? 0 }
  })
  const length = steps.length
  const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)
  const surprisals = steps.map((s) => s.surprisal)
  const meanSurprisal = mean(surprisals)
  const entropies = steps.flatMap((s) => (s.entropy === null ? [] : [s.entropy]))
  const text = textTokens(seq)
  return {
    logLikelihood: seq.logProb,
    meanLogProb: meanSurprisal === null ? null : -meanSurprisal,
    perplexity: meanSurprisal === null ? null : Math.exp(meanSurprisal),
    meanEntropy: entropies.length === length ? mean(entropies) : null,
    surprisalVariance:
      meanSurprisal === null ? null : (mean(surprisals.map((s) => (s - meanSurprisal) ** 2)) as number),
    repetitionPct: endsInRepetition(text) ? 100 : 0,
    distinct1: distinctN(text, 1),
    distinct2: distinctN(text, 2),
    distinct3: distinctN(text, 3),
    length,
    steps,
  }
}
