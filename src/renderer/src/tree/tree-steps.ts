import type { NodeStatus, TreeNode } from '../../../core/types'

/** The expansions of a run in the order the search made them, from its stored tree. */
export interface ExpansionPlan {
  /** Ids of the expanded nodes, first expansion first. */
  order: number[]
  /** Nodes with an id below `bounds[i]` existed before expansion i (0-based) was made. */
  bounds: number[]
  /** `minDepthFrom[i]`: the smallest depth among expansions i, i + 1, …; Infinity past the last. */
  minDepthFrom: number[]
}

/**
 * Node ids are assigned in creation order, and expanding a node creates its stored candidates at
 * once, so a node was expanded just before its first child was created: sorting the expanded
 * nodes by their smallest child id gives the order of expansions. (An expanded node without a
 * stored child sorts just after its own id.)
 */
export function expansionPlan(nodes: readonly TreeNode[]): ExpansionPlan {
  const firstChild = new Map<number, number>()
  for (const n of nodes) {
    if (n.parent !== null && n.id < (firstChild.get(n.parent) ?? Infinity)) firstChild.set(n.parent, n.id)
  }
  const depth = new Map(nodes.map((n) => [n.id, n.depth]))
  const keyed = nodes.filter((n) => n.expanded).map((n) => ({ id: n.id, key: firstChild.get(n.id) ?? n.id + 0.5 }))
  keyed.sort((a, b) => a.key - b.key)
  const minDepthFrom = new Array<number>(keyed.length + 1).fill(Infinity)
  for (let i = keyed.length - 1; i >= 0; i--)
    minDepthFrom[i] = Math.min(minDepthFrom[i + 1], depth.get(keyed[i].id) ?? Infinity)
  return { order: keyed.map((e) => e.id), bounds: keyed.map((e) => e.key), minDepthFrom }
}

export interface StepState {
  /** The status of every node that existed after the step's expansions; absent nodes did not exist yet. */
  status: Map<number, NodeStatus>
  /** The node expanded at this step; null at step 0. */
  current: number | null
}

/**
 * What the search had done after `step` expansions (0 … order.length), from final statuses alone,
 * since the stored tree keeps only those:
 * - the nodes that existed: ids below the next expansion's bound (every node at the last step);
 * - a node expanded so far is kept (the search chose to extend it);
 * - any other node keeps its final status once it is settled, i.e. no expansion still to come is
 *   shallower than it. Beam search decides depth d when it has expanded every hypothesis at depth
 *   d − 1; greedy and sampling mark or filter a node when they expand its parent. Best-first
 *   (exact) search may come back to shallower nodes, so there deep nodes stay candidates longer;
 * - chosen is shown as kept until the last step: strategies mark the chosen path when they end;
 * - everything else is still a candidate.
 */
export function stepState(nodes: readonly TreeNode[], plan: ExpansionPlan, step: number): StepState {
  const last = plan.order.length
  const k = Math.max(0, Math.min(last, step))
  const current = k === 0 ? null : plan.order[k - 1]
  const status = new Map<number, NodeStatus>()
  if (k === last) {
    for (const n of nodes) status.set(n.id, n.status)
    return { status, current }
  }
  const bound = plan.bounds[k]
  const expanded = new Set(plan.order.slice(0, k))
  const settledDepth = plan.minDepthFrom[k]
  for (const n of nodes) {
    if (n.id >= bound) continue
    if (expanded.has(n.id)) status.set(n.id, 'kept')
    else if (n.depth <= settledDepth) status.set(n.id, n.status === 'chosen' ? 'kept' : n.status)
    else status.set(n.id, 'candidate')
  }
  return { status, current }
}
