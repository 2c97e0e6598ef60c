import { chrf } from '../metrics/chrf'
import { bleu4 } from '../metrics/run-metrics'
import type { TokenId } from '../types'

/** What a utility compares: a sequence's text and its text tokens (no final EOS). */
export interface Candidate {
  text: string
  tokens: readonly TokenId[]
}

export const UTILITIES = ['bleu', 'chrf'] as const
export type UtilityName = (typeof UTILITIES)[number]

/**
 * u(hypothesis, reference) in [0, 1]:
 * - bleu: sentence BLEU-4 on the model's tokens, as Self-BLEU computes it (NLTK, smoothing method1);
 * - chrf: sentence chrF on the characters of the text (sacrebleu's defaults), which suits Chinese.
 */
export const UTILITY: Record<UtilityName, (hypothesis: Candidate, reference: Candidate) => number> = {
  bleu: (h, r) => bleu4(h.tokens, [r.tokens]),
  chrf: (h, r) => chrf(h.text, r.text),
}

export function isUtilityName(name: string): name is UtilityName {
  return (UTILITIES as readonly string[]).includes(name)
}
