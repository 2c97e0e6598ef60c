/** sacrebleu's chrF defaults: character n-grams up to 6, recall weighted by β = 2, whitespace left out. */
export const CHRF_ORDER = 6
export const CHRF_BETA = 2

/** Character n-gram counts of orders 1…order, over code points, whitespace removed (as sacrebleu does). */
function charNgrams(text: string, order: number): Map<string, number>[] {
  const chars = [...text.split(/\s+/u).join('')]
  const out: Map<string, number>[] = []
  for (let n = 1; n <= order; n++) {
    const m = new Map<string, number>()
    for (let i = 0; i + n <= chars.length; i++) {
      const g = chars.slice(i, i + n).join('')
      m.set(g, (m.get(g) ?? 0) + 1)
    }
    out.push(m)
  }
  return out
}

/**
 * Sentence chrF (Popović 2015) as sacrebleu 2 computes it, on a 0–1 scale (sacrebleu's score / 100):
 * per order, precision and recall of clipped character n-gram matches; both averaged over the orders
 * where the hypothesis and the reference have n-grams; then F_β of the two averages. 0 when nothing
 * matches or either text has no character.
 */
export function chrf(hypothesis: string, reference: string, order = CHRF_ORDER, beta = CHRF_BETA): number {
  const hyp = charNgrams(hypothesis, order)
  const ref = charNgrams(reference, order)
  let precision = 0
  let recall = 0
  let effective = 0
  for (let n = 0; n < order; n++) {
    let hypCount = 0
    let refCount = 0
    let matched = 0
    for (const c of hyp[n].values()) hypCount += c
    for (const c of ref[n].values()) refCount += c
    for (const [g, c] of hyp[n]) matched += Math.min(c, ref[n].get(g) ?? 0)
    if (hypCount > 0 && refCount > 0) {
      precision += matched / hypCount
      recall += matched / refCount
      effective++
    }
  }
  if (effective === 0) return 0
  precision /= effective
  recall /= effective
  const f = beta * beta
  return precision + recall > 0 ? ((1 + f) * precision * recall) / (f * precision + recall) : 0
}
