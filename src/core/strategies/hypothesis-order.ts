import type { TokenId, TreeNode } from '../types'

/** Token-by-token comparison; the lower token id wins, and a prefix comes first. */
export function compareTokens(a: readonly TokenId[], b: readonly TokenId[]): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i]
  return a.length - b.length
}

/**
 * compareTokens of the paths from the root to two tree nodes, walking up only as far as the
 * paths part (hypotheses that tie usually part near their ends), not rebuilding either path.
 */
export function comparePaths(nodes: readonly TreeNode[], a: number, b: number): number {
  let x = a
  let y = b
  while (nodes[x].depth > nodes[y].depth) x = nodes[x].parent as number
  while (nodes[y].depth > nodes[x].depth) y = nodes[y].parent as number
  // One path is a prefix of the other: the shorter comes first.
  if (x === y) return nodes[a].depth - nodes[b].depth
  while (nodes[x].parent !== nodes[y].parent) {
    x = nodes[x].parent as number
    y = nodes[y].parent as number
  }
  return (nodes[x].tokenId as TokenId) - (nodes[y].tokenId as TokenId)
}

/** Higher score first; equal scores fall back to the tokens. */
export function compareHypotheses(
  a: { score: number; tokens: readonly TokenId[] },
  b: { score: number; tokens: readonly TokenId[] },
): number {
  if (a.score !== b.score) return b.score - a.score
  return compareTokens(a.tokens, b.tokens)
}

/** Final beam ranking: logProb / length^lengthPenalty; the length counts forced tokens too, as the log-probability does. */
export function lengthNormalised(logProb: number, length: number, lengthPenalty: number): number {
  return length === 0 ? logProb : logProb / Math.pow(length, lengthPenalty)
}
