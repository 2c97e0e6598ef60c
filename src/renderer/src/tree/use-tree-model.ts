import { useMemo, useState } from 'react'
import type { NodeStatus, TreeNode } from '../../../core/types'
import { FOCUS_MIN_NODES, foldTree, isFoldId } from './fold-tree'
import { layoutTree, treeBounds } from './tree-layout'
import { limitTree, NO_LIMITS, type TreeLimits } from './tree-limits'
import { expansionPlan, stepState } from './tree-steps'

/**
 * What a tree view draws, derived from a run's nodes and the user's choices: focus and opened
 * folds, the cut-off and depth range, collapsed nodes, the layout and its bounds, and the step of
 * the search shown. Each stage is memoised on what it reads, so panning or selecting redoes none.
 */
export function useTreeModel(nodes: readonly TreeNode[]) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set())
  const [focused, setFocused] = useState(nodes.length > FOCUS_MIN_NODES)
  const [openFolds, setOpenFolds] = useState<ReadonlySet<number>>(new Set())
  const [limits, setLimits] = useState<TreeLimits>(NO_LIMITS)
  const folded = useMemo(() => (focused ? foldTree(nodes, openFolds) : nodes), [nodes, focused, openFolds])
  const shown = useMemo(() => limitTree(folded, limits), [folded, limits])
  const laid = useMemo(() => layoutTree(shown, collapsed), [shown, collapsed])
  const bounds = useMemo(() => treeBounds(laid), [laid])
  const plan = useMemo(() => expansionPlan(nodes), [nodes])
  const steps = plan.order.length
  const [step, setStep] = useState(steps)
  const { status, current } = useMemo(() => {
    const state = stepState(nodes, plan, step)
    // A fold shows while its parent does.
    const withFolds = new Map<number, NodeStatus>(state.status)
    for (const n of shown)
      if (isFoldId(n.id) && n.parent !== null && state.status.has(n.parent)) withFolds.set(n.id, 'candidate')
    return { status: withFolds, current: state.current }
  }, [nodes, plan, step, shown])
  const { children, byId } = useMemo(() => {
    const children = new Map<number, TreeNode[]>()
    for (const n of nodes) {
      if (n.parent === null) continue
      const list = children.get(n.parent)
      if (list) list.push(n)
      else children.set(n.parent, [n])
    }
    for (const list of children.values()) list.sort((a, b) => a.rank - b.rank)
    return { children, byId: new Map(nodes.map((n) => [n.id, n])) }
  }, [nodes])
  const position = useMemo(() => new Map(laid.map((n) => [n.data.id, n])), [laid])
  const toggle = (id: number): void =>
    setCollapsed((c) => {
      const next = new Set(c)
      if (!next.delete(id)) next.add(id)
      return next
    })
  const openFold = (parent: number): void => setOpenFolds((open) => new Set(open).add(parent))
  return {
    collapsed,
    toggle,
    focused,
    setFocused,
    openFold,
    limits,
    setLimits,
    laid,
    bounds,
    steps,
    step,
    setStep,
    status,
    current,
    children,
    byId,
    position,
  }
}
