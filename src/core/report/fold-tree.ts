import type { TreeNode } from '../types'
// The pure folding shared by the app's tree view (src/renderer/src/tree/fold-tree.ts re-exports it) and the reports.

/** A node as the tree view draws it: a real node, or the fold standing for a parent's other candidates. */
export interface ShownNode extends TreeNode {
  /** Set on a fold: how many candidates it stands for and their total probability. */
  fold?: { count: number; mass: number }
}

/** Trees with more nodes than this open focused; smaller ones (the textbook models) show every candidate. */
export const FOCUS_MIN_NODES = 60

/** A fold's id: negative, so that it never meets a real node's id. */
export const foldId = (parent: number): number => -1 - parent
export const isFoldId = (id: number): boolean => id < 0
export const foldParent = (id: number): number => -1 - id

const FOCUS = new Set<TreeNode['status']>(['chosen', 'kept'])

/**
 * The focused tree: under every node, the children on a chosen path or in the kept beam (or forced,
 * or leading to one of those) stay; the others fold into one node "+N more (p = Σ)", unless that
 * fold is in `open`. A fold is made only of two or more candidates: one would hide nothing.
 * Pure: the input nodes are not changed; the order of the kept nodes is theirs.
 */
export function foldTree(nodes: readonly TreeNode[], open: ReadonlySet<number>): ShownNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  // The focus: chosen, kept and forced nodes, and every ancestor of one.
  const focus = new Set<number>()
  for (const n of nodes) {
    if (!FOCUS.has(n.status) && !n.forced) continue
    for (let a: TreeNode | undefined = n; a && !focus.has(a.id); a = a.parent === null ? undefined : byId.get(a.parent))
      focus.add(a.id)
  }
  const children = new Map<number, TreeNode[]>()
  for (const n of nodes) if (n.parent !== null) children.set(n.parent, [...(children.get(n.parent) ?? []), n])

  const out: ShownNode[] = []
  const visit = (n: TreeNode): void => {
    out.push(n)
    const kids = children.get(n.id) ?? []
    const others = kids.filter((c) => !focus.has(c.id))
    const folded = others.length >= 2 && !open.has(n.id)
    for (const c of kids) if (!folded || focus.has(c.id)) visit(c)
    if (!folded) return
    const mass = others.reduce((sum, c) => sum + c.prob, 0)
    out.push({
      ...others[0],
      id: foldId(n.id),
      parent: n.id,
      tokenId: null,
      text: '',
      prob: mass,
      logProb: n.logProb + Math.log(mass),
      rank: Math.max(...others.map((c) => c.rank)),
      status: 'candidate',
      expanded: false,
      forced: undefined,
      draft: undefined,
      fold: { count: others.length, mass },
    })
  }
  for (const root of nodes.filter((n) => n.parent === null)) visit(root)
  return out
}
