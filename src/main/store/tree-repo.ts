import type { Database } from 'better-sqlite3'
import type { NodeStatus, SamplerState, TreeNode } from '../../core/types'

export const INSERT_NODE_SQL = `INSERT INTO tree_nodes
  (run_id, node_id, parent_id, token_id, text, prob, log_prob, depth, rank, status, expanded, other_mass, entropy, partial,
   forced, draft_proposed, draft_accepted, draft_rejected, amateur_prob, contrastive_score,
   processed_prob, filtered_by, mirostat_mu, adaptive_target, applied_temperature, xtc_draw)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

/** Inserts a run's tree; the caller provides the transaction. */
export function insertTreeNodes(db: Database, runId: number, nodes: readonly TreeNode[]): void {
  const insert = db.prepare(INSERT_NODE_SQL)
  for (const n of nodes) {
    insert.run(
      runId,
      n.id,
      n.parent,
      n.tokenId,
      n.text,
      n.prob,
      n.logProb,
      n.depth,
      n.rank,
      n.status,
      n.expanded ? 1 : 0,
      n.otherMass,
      n.entropy,
      n.partial ? 1 : 0,
      n.forced ? 1 : 0,
      n.draft?.proposed ?? null,
      n.draft?.accepted ?? null,
      n.draft?.rejected ?? null,
      n.contrastive?.amateurProb ?? null,
      n.contrastive?.score ?? null,
      n.processedProb ?? null,
      n.filteredBy ?? null,
      n.sampler?.mirostatMu ?? null,
      n.sampler?.adaptiveTarget ?? null,
      n.sampler?.temperature ?? null,
      n.sampler?.xtcDraw ?? null,
    )
  }
}

interface NodeRow {
  node_id: number
  parent_id: number | null
  token_id: number | null
  text: string
  prob: number
  log_prob: number
  depth: number
  rank: number
  status: NodeStatus
  expanded: number
  other_mass: number | null
  entropy: number | null
  partial: number
  forced: number
  draft_proposed: number | null
  draft_accepted: number | null
  draft_rejected: number | null
  amateur_prob: number | null
  contrastive_score: number | null
  processed_prob: number | null
  filtered_by: string | null
  mirostat_mu: number | null
  adaptive_target: number | null
  applied_temperature: number | null
  xtc_draw: number | null
}

/** The trees of these runs, by run id (a run without nodes is absent): one statement for any number of runs. */
export function getTrees(db: Database, runIds: readonly number[]): Map<number, TreeNode[]> {
  const rows = db
    .prepare(`SELECT * FROM tree_nodes WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, node_id`)
    .all(JSON.stringify(runIds)) as (NodeRow & { run_id: number })[]
  const trees = new Map<number, TreeNode[]>()
  for (const r of rows) {
    let tree = trees.get(r.run_id)
    if (!tree) trees.set(r.run_id, (tree = []))
    tree.push(toNode(r))
  }
  return trees
}

function toNode(r: NodeRow): TreeNode {
  return {
    id: r.node_id,
    parent: r.parent_id,
    tokenId: r.token_id,
    text: r.text,
    prob: r.prob,
    logProb: r.log_prob,
    depth: r.depth,
    rank: r.rank,
    status: r.status,
    expanded: r.expanded === 1,
    otherMass: r.other_mass,
    entropy: r.entropy,
    partial: r.partial === 1,
    // Only where set, so that a node without them reads back exactly as it was written.
    ...(r.forced === 1 ? { forced: true as const } : {}),
    ...(r.draft_proposed !== null
      ? { draft: { proposed: r.draft_proposed, accepted: r.draft_accepted ?? 0, rejected: r.draft_rejected ?? 0 } }
      : {}),
    ...(r.amateur_prob !== null
      ? { contrastive: { amateurProb: r.amateur_prob, score: r.contrastive_score ?? Infinity } }
      : {}),
    ...(r.processed_prob !== null ? { processedProb: r.processed_prob, filteredBy: r.filtered_by } : {}),
    ...(r.mirostat_mu !== null || r.adaptive_target !== null || r.applied_temperature !== null || r.xtc_draw !== null
      ? { sampler: samplerOf(r) }
      : {}),
  }
}

function samplerOf(r: NodeRow): SamplerState {
  return {
    ...(r.mirostat_mu !== null ? { mirostatMu: r.mirostat_mu } : {}),
    ...(r.adaptive_target !== null ? { adaptiveTarget: r.adaptive_target } : {}),
    ...(r.applied_temperature !== null ? { temperature: r.applied_temperature } : {}),
    ...(r.xtc_draw !== null ? { xtcDraw: r.xtc_draw } : {}),
  }
}

/** A node and the path to it, root first, without reading the rest of the run's tree; empty when it does not exist. */
export function getNodePath(db: Database, runId: number, nodeId: number): TreeNode[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE up(node_id) AS (
         SELECT ? UNION ALL
         SELECT t.parent_id FROM tree_nodes t JOIN up ON t.run_id = ? AND t.node_id = up.node_id WHERE t.parent_id IS NOT NULL
       )
       SELECT t.* FROM up JOIN tree_nodes t ON t.run_id = ? AND t.node_id = up.node_id ORDER BY t.depth`,
    )
    .all(nodeId, runId, runId) as NodeRow[]
  return rows.map(toNode)
}

/** A node's stored children, by node id. */
export function getChildren(db: Database, runId: number, nodeId: number): TreeNode[] {
  const rows = db
    .prepare(`SELECT * FROM tree_nodes WHERE run_id = ? AND parent_id = ? ORDER BY node_id`)
    .all(runId, nodeId) as NodeRow[]
  return rows.map(toNode)
}
