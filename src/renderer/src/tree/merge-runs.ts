import type { RunDetail } from '../../../core/records'
import type { TokenId, TreeNode } from '../../../core/types'
import { PRUNED_STYLE, stablePathStyle, type PathStyle } from './path-style'

/** Paths of one run shown at most: more sampled paths than this make the shared tree unreadable. */
export const MAX_PATHS_PER_RUN = 20
/** Pruned beam hypotheses shown at most per run. */
export const MAX_PRUNED_PER_RUN = 200

/** A prefix of the shared tree: the same token ids after the prompt in every run that reached it. */
export interface OverlayNode {
  /** 0 is the root, the prompt; other ids in order of first appearance. */
  id: number
  parent: number | null
  tokenId: TokenId | null
  text: string
  /** P(token | parent prefix). */
  prob: number
  /** log P of the prefix after the prompt (forced tokens included). */
  logProb: number
  depth: number
  forced: boolean
  /** Runs with a returned sequence through this prefix, in the experiment's order. */
  runs: number[]
  /** Beam runs that reach this prefix only with a pruned hypothesis. */
  prunedBy: number[]
  /** Indices in Overlay.paths of the paths through this prefix. */
  paths: number[]
}

export interface OverlayPath {
  runId: number
  /** Index of the sequence in its run, or of the pruned hypothesis among the run's pruned ones. */
  index: number
  kind: 'sequence' | 'pruned'
  /** A returned sequence's colour and dash, from its run and index; every pruned hypothesis shares PRUNED_STYLE. */
  style: PathStyle
  /** Tokens forced at its start (a branch by hand). */
  forced: number
  /** Overlay node ids from the root's child to the end of the path. */
  nodes: number[]
  /** log P(x₁…xₜ) at each node of the path. */
  cumulative: number[]
}

export interface OverlayRun {
  runId: number
  /** Sequences drawn, and returned. */
  shown: number
  total: number
  prunedShown: number
  prunedTotal: number
}

export interface Overlay {
  nodes: OverlayNode[]
  paths: OverlayPath[]
  runs: OverlayRun[]
}

interface Step {
  tokenId: TokenId
  text: string
  prob: number
}

/**
 * At most `max` of `items`, spread evenly over the list, first and last kept, in their order. A beam's
 * pruned hypotheses come in the order of its steps, so a capped overlay shows some from every depth,
 * not only the earliest.
 */
export function spreadPick<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items]
  if (max <= 0) return []
  if (max === 1) return [items[0]]
  return Array.from({ length: max }, (_, k) => items[Math.round((k * (items.length - 1)) / (max - 1))])
}

/**
 * Merges the runs of one experiment into one prefix tree keyed by the token-id path: every
 * returned sequence (the first `maxPaths` of a run), and every beam hypothesis the search pruned
 * (nodes with status pruned in a beam run's tree). The root stands for the prompt, which all runs share.
 */
export function mergeRuns(
  runs: readonly RunDetail[],
  maxPaths = MAX_PATHS_PER_RUN,
  maxPruned = MAX_PRUNED_PER_RUN,
): Overlay {
  const root: OverlayNode = {
    id: 0,
    parent: null,
    tokenId: null,
    text: '',
    prob: 1,
    logProb: 0,
    depth: 0,
    forced: false,
    runs: [],
    prunedBy: [],
    paths: [],
  }
  const nodes: OverlayNode[] = [root]
  const byKey = new Map<string, OverlayNode>([['', root]])
  const paths: OverlayPath[] = []
  const summary: OverlayRun[] = []

  const addPath = (
    runId: number,
    index: number,
    kind: OverlayPath['kind'],
    steps: readonly Step[],
    forced: number,
  ): void => {
    let parent = root
    let key = ''
    const path: OverlayPath = {
      runId,
      index,
      kind,
      style: kind === 'pruned' ? PRUNED_STYLE : stablePathStyle(runId, index),
      forced,
      nodes: [],
      cumulative: [],
    }
    steps.forEach((s, i) => {
      key = `${key},${s.tokenId}`
      let node = byKey.get(key)
      if (!node) {
        node = {
          id: nodes.length,
          parent: parent.id,
          tokenId: s.tokenId,
          text: s.text,
          prob: s.prob,
          logProb: parent.logProb + Math.log(s.prob),
          depth: i + 1,
          forced: false,
          runs: [],
          prunedBy: [],
          paths: [],
        }
        nodes.push(node)
        byKey.set(key, node)
      }
      if (i < forced) node.forced = true
      path.nodes.push(node.id)
      path.cumulative.push(node.logProb)
      parent = node
    })
    paths.push(path)
  }

  runs.forEach((run) => {
    const forced = run.strategy.forced?.length ?? 0
    const shown = run.sequences.slice(0, maxPaths)
    shown.forEach((seq, i) =>
      addPath(
        run.id,
        i,
        'sequence',
        seq.steps.map((s) => ({ tokenId: s.tokenId, text: s.token, prob: s.prob })),
        forced,
      ),
    )
    const pruned = run.strategy.name === 'beam' ? run.tree.filter((n) => n.status === 'pruned') : []
    const byId = new Map(run.tree.map((n) => [n.id, n]))
    spreadPick(pruned, maxPruned).forEach((n, i) => addPath(run.id, i, 'pruned', stepsTo(byId, n), forced))
    summary.push({
      runId: run.id,
      shown: shown.length,
      total: run.sequences.length,
      prunedShown: Math.min(pruned.length, maxPruned),
      prunedTotal: pruned.length,
    })
  })

  // Which runs pass through each node: a sequence wins over a pruned hypothesis of the same run.
  paths.forEach((p, i) => {
    for (const id of [0, ...p.nodes]) {
      const node = nodes[id]
      node.paths.push(i)
      const list = p.kind === 'sequence' ? node.runs : node.prunedBy
      if (!list.includes(p.runId)) list.push(p.runId)
    }
  })
  for (const node of nodes) node.prunedBy = node.prunedBy.filter((id) => !node.runs.includes(id))
  return { nodes, paths, runs: summary }
}

/** The token ids and texts from the root's child down to an overlay node: what a branch from it forces. */
export function overlayPath(overlay: Overlay, id: number): { ids: TokenId[]; texts: string[] } {
  const ids: TokenId[] = []
  const texts: string[] = []
  for (let n: OverlayNode | undefined = overlay.nodes[id]; n && n.parent !== null; n = overlay.nodes[n.parent]) {
    ids.push(n.tokenId as TokenId)
    texts.push(n.text)
  }
  return { ids: ids.reverse(), texts: texts.reverse() }
}

/** The tokens from the root's child down to a node of a run's tree. */
function stepsTo(byId: ReadonlyMap<number, TreeNode>, node: TreeNode): Step[] {
  const steps: Step[] = []
  for (let n: TreeNode | undefined = node; n && n.parent !== null && n.tokenId !== null; n = byId.get(n.parent)) {
    steps.push({ tokenId: n.tokenId, text: n.text, prob: n.prob })
  }
  return steps.reverse()
}
