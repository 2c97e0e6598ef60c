import type { Summary } from './distribution'
import { displayAfter, type TokenDisplay } from './token-bytes'
import type { DraftOutcome, NodeStatus, SamplerState, TokenId, TreeNode } from './types'

function sumFrom(values: Float64Array, start: number): number {
  let s = 0
  for (let i = start; i < values.length; i++) s += values[i]
  return s
}

const PRIORITY: Record<NodeStatus, number> = { candidate: 0, filtered: 1, pruned: 2, kept: 3, chosen: 4 }

/** The probability tree of one run: every expanded prefix and its top candidates. */
export class ProbabilityTree {
  readonly nodes: TreeNode[] = []
  /** Child ids by token, per node; made when a node gets its first child (most nodes never do). */
  private readonly children: (Map<TokenId, number> | undefined)[] = []

  /** Per node, the bytes of a character its path began and has not finished (none for most). */
  private readonly open: (Uint8Array | undefined)[] = []
  /** Each token's display after a path with nothing open. */
  private readonly plain = new Map<TokenId, TokenDisplay | null>()

  /**
   * `tokenBytes`, where the model has it (byte-level vocabularies), makes a node show its token as it
   * reads after its path: a character split between tokens shows as bytes until the token that finishes it.
   */
  constructor(
    private readonly tokenText: (id: TokenId) => string,
    private readonly tokenBytes?: (id: TokenId) => Uint8Array | null,
  ) {
    this.add({ parent: null, tokenId: null, text: '', prob: 1, logProb: 0, depth: 0, rank: 0 })
  }

  get root(): TreeNode {
    return this.nodes[0]
  }

  get(id: number): TreeNode {
    return this.nodes[id]
  }

  /** The child of `parent` for `token`, created as a candidate if it is new. */
  child(parent: number, token: TokenId, prob: number, rank: () => number): TreeNode {
    const existing = this.children[parent]?.get(token)
    if (existing !== undefined) return this.nodes[existing]
    const p = this.nodes[parent]
    const display = this.display(parent, token)
    const node = this.add({
      parent,
      tokenId: token,
      text: display ? display.text : this.tokenText(token),
      prob,
      logProb: p.logProb + Math.log(prob),
      depth: p.depth + 1,
      rank: rank(),
    })
    if (display && display.open.length > 0) this.open[node.id] = display.open
    return node
  }

  /** How `token` reads after the path to `parent`; null when it has no bytes (a control token). */
  private display(parent: number, token: TokenId): TokenDisplay | null {
    if (!this.tokenBytes) return null
    const open = this.open[parent]
    if (open) {
      const bytes = this.tokenBytes(token)
      return bytes ? displayAfter(open, bytes) : null
    }
    let d = this.plain.get(token)
    if (d === undefined) {
      const bytes = this.tokenBytes(token)
      d = bytes ? displayAfter(new Uint8Array(0), bytes) : null
      this.plain.set(token, d)
    }
    return d
  }

  /** The child of `parent` for `token`, if the tree has it. */
  find(parent: number, token: TokenId): TreeNode | undefined {
    const id = this.children[parent]?.get(token)
    return id === undefined ? undefined : this.nodes[id]
  }

  /** Marks a node as forced: the token was given, not picked by the strategy. */
  markForced(id: number): void {
    this.nodes[id].forced = true
  }

  /** Counts one proposal of the draft model at this node, or what the target made of it. */
  countDraft(id: number, what: keyof DraftOutcome): void {
    const node = this.nodes[id]
    node.draft ??= { proposed: 0, accepted: 0, rejected: 0 }
    node.draft[what]++
  }

  /** Records a node's distribution summary and creates its top candidates. */
  expand(id: number, summary: Summary, limit: number): void {
    const node = this.nodes[id]
    node.expanded = true
    const count = Math.min(limit, summary.ids.length)
    node.otherMass = Math.max(0, summary.otherMass + sumFrom(summary.probs, count))
    node.entropy = summary.entropy
    node.partial = summary.partial
    for (let k = 0; k < count; k++) {
      if (summary.probs[k] > 0) this.child(id, summary.ids[k], summary.probs[k], () => k)
    }
  }

  /**
   * What a sampling step's processor chain made of a node's candidates: each child's processed
   * probability and the processor that removed it. The first recording stands: a later visit of
   * the same node (another sample) sees the same chain, up to XTC's coin.
   */
  recordProcessed(
    id: number,
    tokens: readonly TokenId[],
    processed: readonly number[],
    filteredBy: readonly (string | null)[],
    state?: SamplerState,
  ): void {
    const node = this.nodes[id]
    if (state && node.sampler === undefined) node.sampler = state
    for (let k = 0; k < tokens.length; k++) {
      const child = this.find(id, tokens[k])
      if (!child || child.processedProb !== undefined) continue
      child.processedProb = processed[k]
      child.filteredBy = filteredBy[k]
    }
  }

  /** Raises a node's status; a stronger status is never lowered (chosen > kept > pruned > filtered). */
  mark(id: number, status: NodeStatus): void {
    const node = this.nodes[id]
    if (PRIORITY[status] > PRIORITY[node.status]) node.status = status
  }

  markPath(id: number, status: NodeStatus): void {
    for (let n: number | null = id; n !== null; n = this.nodes[n].parent) this.mark(n, status)
  }

  /** Generated tokens from the root to `id`. */
  path(id: number): TreeNode[] {
    const out: TreeNode[] = []
    for (let n: number | null = id; n !== null && n !== 0; n = this.nodes[n].parent) out.push(this.nodes[n])
    return out.reverse()
  }

  private add(fields: Omit<TreeNode, 'id' | 'status' | 'expanded' | 'otherMass' | 'entropy' | 'partial'>): TreeNode {
    const node: TreeNode = {
      id: this.nodes.length,
      parent: fields.parent,
      tokenId: fields.tokenId,
      text: fields.text,
      prob: fields.prob,
      logProb: fields.logProb,
      depth: fields.depth,
      rank: fields.rank,
      status: 'candidate',
      expanded: false,
      otherMass: null,
      entropy: null,
      partial: false,
    }
    this.nodes.push(node)
    this.children.push(undefined)
    if (fields.parent !== null) (this.children[fields.parent] ??= new Map()).set(fields.tokenId as TokenId, node.id)
    return node
  }
}
