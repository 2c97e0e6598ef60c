import type { TokenId, TreeNode } from '../types'

/** One run's side of a diff: its tree and the sequence compared (its best). */
export interface DiffSide {
  tree: readonly TreeNode[]
  /** Tree node at the end of the sequence. */
  nodeId: number
}

export interface StepDiff {
  /** 0 = the first generated token. */
  step: number
  tokenA: TokenId
  tokenB: TokenId
  /** Tokens both runs list at this step; the rest of each distribution is one lump. */
  shared: number
  /** KL(A ‖ B) and KL(B ‖ A) in nats over the shared tokens plus the lump; Infinity where one side gives 0 to what the other does not. */
  klAB: number
  klBA: number
  /** Total variation distance over the same coarsening: ½ Σ |p_A − p_B|. */
  tv: number
  /** Each run's probability of its own chosen token. */
  probA: number
  probB: number
}

export interface RunDiff {
  /** The first step where the chosen tokens differ (or one run ended); null when the sequences are the same. */
  firstDifference: number | null
  /**
   * The steps along the shared prefix, the first differing one included (its distributions still follow
   * the same prefix); a step where either run did not record its distribution is left out.
   */
  steps: StepDiff[]
  /** Along the shared prefix, the chosen token whose probability differs most between the runs. */
  largestChosenDifference: { step: number; token: TokenId; probA: number; probB: number; difference: number } | null
}

export const DIFF_METHOD =
  'KL and total variation over the tokens both runs list at a step, the rest of each distribution lumped into one outcome (a coarsening: a lower bound on the divergence of the full distributions)'

function path(tree: readonly TreeNode[], id: number): TreeNode[] {
  const out: TreeNode[] = []
  for (let n: TreeNode | undefined = tree[id]; n && n.parent !== null; n = tree[n.parent]) out.push(n)
  return out.reverse()
}

function childrenOf(tree: readonly TreeNode[]): Map<number, Map<TokenId, number>> {
  const m = new Map<number, Map<TokenId, number>>()
  for (const n of tree) {
    if (n.parent === null || n.tokenId === null) continue
    let c = m.get(n.parent)
    if (!c) m.set(n.parent, (c = new Map()))
    c.set(n.tokenId, n.prob)
  }
  return m
}

/** Σ p ln(p / q), 0 ln 0 = 0, p > 0 against q = 0 is Infinity. */
function kl(p: readonly number[], q: readonly number[]): number {
  let s = 0
  for (let i = 0; i < p.length; i++) {
    if (p[i] <= 0) continue
    if (q[i] <= 0) return Infinity
    s += p[i] * Math.log(p[i] / q[i])
  }
  return s
}

/** Compares two runs of the same prompt step by step (DIFF_METHOD). */
export function diffRuns(a: DiffSide, b: DiffSide): RunDiff {
  const pa = path(a.tree, a.nodeId)
  const pb = path(b.tree, b.nodeId)
  const ca = childrenOf(a.tree)
  const cb = childrenOf(b.tree)
  const common = Math.min(pa.length, pb.length)
  let first: number | null = null
  for (let i = 0; i < common && first === null; i++) if (pa[i].tokenId !== pb[i].tokenId) first = i
  if (first === null && pa.length !== pb.length) first = common
  const last = Math.min(first ?? common - 1, common - 1)
  const steps: StepDiff[] = []
  let largest: RunDiff['largestChosenDifference'] = null
  for (let i = 0; i <= last; i++) {
    const parentA = i === 0 ? a.tree[0] : pa[i - 1]
    const parentB = i === 0 ? b.tree[0] : pb[i - 1]
    const listA = ca.get(parentA.id)
    const listB = cb.get(parentB.id)
    const tokenA = pa[i].tokenId as TokenId
    const tokenB = pb[i].tokenId as TokenId
    if (tokenA === tokenB) {
      const difference = Math.abs(pa[i].prob - pb[i].prob)
      if (!largest || difference > largest.difference)
        largest = { step: i, token: tokenA, probA: pa[i].prob, probB: pb[i].prob, difference }
    }
    if (!parentA.expanded || !parentB.expanded || !listA || !listB) continue
    const p: number[] = []
    const q: number[] = []
    for (const [token, prob] of listA) {
      const other = listB.get(token)
      if (other === undefined) continue
      p.push(prob)
      q.push(other)
    }
    const shared = p.length
    p.push(Math.max(0, 1 - p.reduce((s, x) => s + x, 0)))
    q.push(Math.max(0, 1 - q.reduce((s, x) => s + x, 0)))
    let tv = 0
    for (let k = 0; k < p.length; k++) tv += Math.abs(p[k] - q[k])
    steps.push({
      step: i,
      tokenA,
      tokenB,
      shared,
      klAB: kl(p, q),
      klBA: kl(q, p),
      tv: tv / 2,
      probA: pa[i].prob,
      probB: pb[i].prob,
    })
  }
  return { firstDifference: first, steps, largestChosenDifference: largest }
}
