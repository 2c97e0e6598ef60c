import type { TreeNode } from '../../../core/types'

/** What the tree draws: candidates at least this probable, and the levels from `fromDepth` to `toDepth` (1 = the first token). */
export interface TreeLimits {
  /** Conditional probability below which a candidate (and everything under it) is left out; 0 keeps all. */
  minProb: number
  fromDepth: number
  /** Infinity: no lower bound on the drawing. */
  toDepth: number
}

export const NO_LIMITS: TreeLimits = { minProb: 0, fromDepth: 0, toDepth: Infinity }

const FOCUS = new Set<TreeNode['status']>(['chosen', 'kept'])

/**
 * The nodes within the limits, in their order: the root; a node whose parent is drawn, no deeper
 * than `toDepth`, at least `minProb` probable and no shallower than `fromDepth`. The chosen paths,
 * the kept beam and forced tokens (and their ancestors) ignore the cut-off and the start of the
 * depth range, so the levels shown still hang from the path that led to them. Pure.
 */
export function limitTree<T extends TreeNode>(nodes: readonly T[], limits: TreeLimits): T[] {
  if (limits.minProb <= 0 && limits.fromDepth <= 0 && limits.toDepth === Infinity) return [...nodes]
  const byId = new Map(nodes.map((n) => [n.id, n]))
  const focus = new Set<number>()
  for (const n of nodes) {
    if (!FOCUS.has(n.status) && !n.forced) continue
    for (let a: T | undefined = n; a && !focus.has(a.id); a = a.parent === null ? undefined : byId.get(a.parent))
      focus.add(a.id)
  }
  const children = new Map<number, T[]>()
  for (const n of nodes) if (n.parent !== null) children.set(n.parent, [...(children.get(n.parent) ?? []), n])
  const within = (n: T): boolean =>
    n.depth <= limits.toDepth && (focus.has(n.id) || (n.prob >= limits.minProb && n.depth >= limits.fromDepth))
  const kept = new Set<number>()
  const stack = nodes.filter((n) => n.parent === null)
  for (let n = stack.pop(); n; n = stack.pop()) {
    kept.add(n.id)
    for (const c of children.get(n.id) ?? []) if (within(c)) stack.push(c)
  }
  return nodes.filter((n) => kept.has(n.id))
}

/** The deepest level of a tree (0 for a lone root), for the depth range's bounds. */
export function maxDepth(nodes: readonly TreeNode[]): number {
  let d = 0
  for (const n of nodes) if (n.depth > d) d = n.depth
  return d
}
