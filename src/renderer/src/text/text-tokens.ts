import type { Sequence, TokenId, TreeNode } from '../../../core/types'

/** One token of a sequence as the Text tab reads it, with what the model offered instead. */
export interface TextToken {
  index: number
  tokenId: TokenId
  text: string
  prob: number
  /** Rank in the model's full distribution there: 0 is the most probable. */
  rank: number | null
  /** Entropy (nats) of the distribution the token was chosen from. */
  entropy: number | null
  /** log P of the sequence up to and including this token. */
  cumulative: number
  forced: boolean
  /** The token's tree node, when the run's tree holds the sequence's path (the step panel reads it). */
  nodeId: number | null
  /** The stored candidates there, most probable first (the token itself among them). */
  alternatives: { tokenId: TokenId; text: string; prob: number; rank: number }[]
}

/**
 * The sequence's tokens with their tree nodes' rank, entropy and siblings, found by walking up from
 * the sequence's last node. A run stored without its tree gives the tokens with what the sequence alone knows.
 */
export function textTokens(
  seq: Pick<Sequence, 'steps' | 'nodeId'>,
  byId: ReadonlyMap<number, TreeNode>,
  childrenOf: ReadonlyMap<number, readonly TreeNode[]>,
  topN = 10,
): TextToken[] {
  const path: TreeNode[] = []
  for (let node = byId.get(seq.nodeId); node && node.parent !== null; node = byId.get(node.parent)) path.push(node)
  path.reverse()
  const known = path.length === seq.steps.length
  let cumulative = 0
  return seq.steps.map((s, index) => {
    cumulative += s.logProb
    const node = known ? path[index] : undefined
    const parent = node?.parent === null || node === undefined ? undefined : byId.get(node.parent)
    const siblings =
      node?.parent === null || node === undefined
        ? []
        : [...(childrenOf.get(node.parent) ?? [])].sort((a, b) => a.rank - b.rank)
    return {
      index,
      tokenId: s.tokenId,
      text: s.token,
      prob: s.prob,
      rank: node?.rank ?? null,
      entropy: parent?.entropy ?? null,
      cumulative,
      forced: node?.forced === true,
      nodeId: node?.id ?? null,
      alternatives: siblings
        .slice(0, topN)
        .map((c) => ({ tokenId: c.tokenId as TokenId, text: c.text, prob: c.prob, rank: c.rank })),
    }
  })
}

export type Measure = 'probability' | 'rank' | 'entropy'
export const MEASURES: readonly Measure[] = ['probability', 'rank', 'entropy']

/**
 * The colour bucket of a token, 0 (expected) to 3 (surprising), or 4 for rank; null when unknown. rank: GLTR's
 * top-1 / top-10 / top-100 / top-1000 / rest (Gehrmann et al. 2019); probability: ≥ 0.5 / 0.1 / 0.01 / less;
 * entropy of the distribution: ≤ 0.5 / 1.5 / 3 nats / more.
 */
export function bucket(
  token: Pick<TextToken, 'prob' | 'rank' | 'entropy'>,
  measure: Measure,
): 0 | 1 | 2 | 3 | 4 | null {
  const by = (value: number | null, edges: readonly number[], below: boolean) => {
    if (value === null) return null
    const i = edges.findIndex((e) => (below ? value < e : value >= e))
    return (i === -1 ? edges.length : i) as 0 | 1 | 2 | 3 | 4
  }
  if (measure === 'rank') return by(token.rank, [1, 10, 100, 1000], true)
  if (measure === 'probability') return by(token.prob, [0.5, 0.1, 0.01], false)
  // An entropy on an edge belongs to the calmer bucket: 0.5 nats is still 0.
  if (token.entropy === null) return null
  const entropy = token.entropy
  const i = [0.5, 1.5, 3].findIndex((e) => entropy <= e)
  return (i === -1 ? 3 : i) as 0 | 1 | 2 | 3
}
