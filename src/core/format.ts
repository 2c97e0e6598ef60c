/** A probability as people write it: 0.432, 1.0, 2.4e-7. */
export function formatProb(p: number): string {
  if (p === 0) return '0'
  if (p < 1e-4) return p.toPrecision(3).replace(/\.?0+e/, 'e')
  const s = String(Number(p.toPrecision(4)))
  return s.includes('.') ? s : `${s}.0`
}

/** The chain-rule product of a sequence, e.g. `0.6 × 0.9 × 0.8 × 1.0 = 0.432`. */
export function chainRule(s: { steps: readonly { prob: number }[]; probability: number }): string {
  if (s.steps.length === 0) return `(no tokens) = 1.0`
  return `${s.steps.map((st) => formatProb(st.prob)).join(' × ')} = ${formatProb(s.probability)}`
}
