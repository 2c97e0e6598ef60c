import type { Overlay, OverlayNode, OverlayPath } from './merge-runs'
import { PRUNED_STYLE, stablePathStyle } from './path-style'

// Two runs' sequences share 0 → 1 → 2; pruned hypotheses end at 3 (under 1), at 4, and at 6 (via 5).
const PROBS: Record<number, [number | null, number]> = {
  0: [null, 1],
  1: [0, 0.6],
  2: [1, 0.5],
  3: [1, 0.3],
  4: [0, 0.25],
  5: [0, 0.15],
  6: [5, 1],
}
const PATHS: [number, OverlayPath['kind'], number[]][] = [
  [1, 'sequence', [1, 2]],
  [2, 'sequence', [1, 2]],
  [2, 'pruned', [1, 3]],
  [2, 'pruned', [4]],
  [2, 'pruned', [5, 6]],
]
/** A small overlay built by hand, for the overlay's pure functions. */
export function fixture(): Overlay {
  const nodes: OverlayNode[] = []
  for (const [key, [parent, prob]] of Object.entries(PROBS)) {
    const id = Number(key)
    const up = parent === null ? undefined : nodes[parent]
    nodes.push({
      id,
      parent,
      tokenId: parent === null ? null : 100 + id,
      text: `t${id}`,
      prob,
      logProb: (up?.logProb ?? 0) + Math.log(prob),
      depth: up ? up.depth + 1 : 0,
      forced: false,
      runs: [],
      prunedBy: [],
      paths: [],
    })
  }
  const paths = PATHS.map(([runId, kind, ids], i): OverlayPath => ({
    runId,
    index: i,
    kind,
    style: kind === 'pruned' ? PRUNED_STYLE : stablePathStyle(runId, 0),
    forced: 0,
    nodes: ids,
    cumulative: ids.map((id) => nodes[id].logProb),
  }))
  paths.forEach((p, i) => {
    for (const id of [0, ...p.nodes]) {
      nodes[id].paths.push(i)
      const list = p.kind === 'sequence' ? nodes[id].runs : nodes[id].prunedBy
      if (!list.includes(p.runId)) list.push(p.runId)
    }
  })
  for (const n of nodes) n.prunedBy = n.prunedBy.filter((r) => !n.runs.includes(r))
  return { nodes, paths, runs: [] }
}
