import type { SweepSequence } from '../sweep/sweep-records'

/** A sweep sequence with the metrics the sweep table and its intervals read; the rest null. */
export function seq(
  textIds: number[],
  logLikelihood: number,
  length: number,
  repetitionPct: number,
  distinct2: number | null,
): SweepSequence {
  const metrics = {
    logLikelihood,
    length,
    repetitionPct,
    distinct2,
    meanLogProb: logLikelihood / length,
    perplexity: Math.exp(-logLikelihood / length),
    meanEntropy: null,
    surprisalVariance: null,
    distinct1: null,
    distinct3: null,
  }
  return { text: textIds.join(' '), textIds, metrics }
}
