import { type Candidates, probabilityOf, rankOf, type Summary, summarize } from './distribution'
import { isEndToken } from './end-tokens'
import { DecodeError, throwIfAborted } from './errors'
import { ProbabilityTree } from './tree'
import type { Distribution, LanguageModel, RunProgress, Sequence, TokenId, TreeNode } from './types'

export interface DecodeOptions {
  /** Generated tokens at most; reaching it ends a hypothesis, marked unfinished. */
  maxTokens: number
  /** Candidates stored per expanded node. */
  topN: number
  signal?: AbortSignal
  onProgress?: (p: RunProgress) => void
  /**
   * Lets a host's event loop run (to take a cancel message, say): decoding a table model
   * never leaves the microtask queue on its own.
   */
  yieldToEventLoop?: () => Promise<void>
}

/** Progress text from a model in another process: asked for at most this often. */
const PROGRESS_INTERVAL_MS = 100

interface HeldProgress {
  step: number
  id: number
  treeNodes: number
}

/**
 * Contexts kept by DecodeContext.context(), per pair of hypotheses the strategy keeps (needTop², for the ties a beam compares): the
 * parents of the next step's nodes. Keeping more only makes each copy outlive the young
 * generation, and the garbage collector's work per token grow with the length.
 */
const CONTEXTS_PER_HYPOTHESIS = 4
const CONTEXT_TOKENS_KEPT = 2 ** 20

/**
 * What the cache holds of a node's distribution once it is released: no listed token, all mass unknown.
 * A vocabulary-sized array per expanded node would otherwise live as long as the run.
 */
const RELEASED: Distribution = { kind: 'probs', ids: new Int32Array(0), probs: new Float64Array(0), otherMass: 1 }

/** A node's distribution and its most probable tokens (the model's own probabilities). */
export interface Expansion {
  dist: Distribution
  top: Summary
}

/** What every strategy works through: the model, the tree it records, and the run's limits. */
export class DecodeContext {
  readonly tree: ProbabilityTree
  readonly warnings = new Set<string>()
  private readonly cache = new Map<number, Expansion>()
  private readonly contexts = new Map<number, readonly TokenId[]>()
  private contextTokens = 0
  /** How many top tokens the strategy needs per node, beyond what the tree stores. */
  needTop = 1
  /**
   * Whether expansions read again later keep their distribution. A strategy that reads only `top` (greedy,
   * beam) sets false: each distribution then lives only until the strategy's step is done with it.
   */
  keepDistributions = true
  /** Where the strategy starts: the root, or the last forced token. */
  start: TreeNode
  /** nextMany calls not yet released to the model: made while distributions were dropped after use, or kept. */
  private releasable = 0
  private held = 0
  private lastYield = performance.now()
  private textIsAsync = false
  private heldProgress: HeldProgress | null = null
  private progressInFlight: Promise<void> | null = null
  private progressSentAt = -Infinity

  constructor(
    readonly model: LanguageModel,
    /** BOS (when the model has one) and the prompt's tokens. */
    readonly prefix: readonly TokenId[],
    readonly options: DecodeOptions,
  ) {
    this.tree = new ProbabilityTree(
      (id) => model.tokenText(id),
      model.tokenBytes ? (id) => model.tokenBytes?.(id) ?? null : undefined,
    )
    this.start = this.tree.root
  }

  /**
   * Depth at which a hypothesis stops: maxTokens counts the tokens after the forced ones; the model's
   * context size caps it (a node whose context fills it has no next-token distribution).
   */
  get maxDepth(): number {
    return Math.min(this.start.depth + this.options.maxTokens, this.contextDepth)
  }

  /** Depth at which the context (prefix and path) fills the model's context size. */
  private get contextDepth(): number {
    return this.model.contextSize === undefined ? Infinity : this.model.contextSize - this.prefix.length
  }

  /** The node's distribution, recorded in the tree on first use. */
  async expand(id: number): Promise<Expansion> {
    return (await this.expandMany([id]))[0]
  }

  /** Several nodes' distributions in one model call, so that backends can batch them. */
  async expandMany(ids: readonly number[]): Promise<Expansion[]> {
    const missing = ids.filter((id, i) => !this.cache.has(id) && ids.indexOf(id) === i)
    const dists = await this.call(missing.map((id) => this.context(id)))
    const fresh = new Map(missing.map((id, i) => [id, this.record(id, dists[i])]))
    return ids.map((id) => fresh.get(id) ?? (this.cache.get(id) as Expansion))
  }

  /**
   * The distributions after `from` and after each prefix of `tokens` appended to it, in one model
   * call (speculative decoding's verification, a forced prefix), and the child nodes of the tokens
   * with the model's own probabilities. `last: false` leaves out the distribution after the whole
   * path. The path stops before a token the model gives probability 0: it gets no node.
   */
  async expandPath(
    from: number,
    tokens: readonly TokenId[],
    last = true,
  ): Promise<{ nodes: TreeNode[]; expansions: Expansion[] }> {
    const count = last ? tokens.length + 1 : tokens.length
    const known: (Expansion | undefined)[] = []
    let id: number | undefined = from
    for (let i = 0; i < count; i++) {
      const cached = id === undefined ? undefined : this.cache.get(id)
      known.push(cached?.dist === RELEASED ? undefined : cached)
      id = id === undefined ? undefined : this.tree.find(id, tokens[i])?.id
    }
    const base = this.context(from)
    const missing = known.flatMap((e, i) => (e ? [] : [i]))
    const dists = await this.call(missing.map((i) => [...base, ...tokens.slice(0, i)]))
    const nodes: TreeNode[] = []
    const expansions: Expansion[] = []
    let node = this.tree.get(from)
    for (let i = 0; i < count; i++) {
      const m = missing.indexOf(i)
      const expansion = known[i] ?? this.record(node.id, dists[m])
      expansions.push(expansion)
      if (i === tokens.length) break
      const token = tokens[i]
      const p = probabilityOf(expansion.dist, token)
      if (!(p > 0)) break
      node = this.tree.child(node.id, token, p, () => rankOf(expansion.dist, token))
      nodes.push(node)
    }
    return { nodes, expansions }
  }

  /** One model call for several contexts (none when there are none). */
  private async call(contexts: (readonly TokenId[])[]): Promise<Distribution[]> {
    if (this.options.yieldToEventLoop && performance.now() - this.lastYield > 20) {
      await this.options.yieldToEventLoop()
      this.lastYield = performance.now()
    }
    throwIfAborted(this.options.signal)
    if (contexts.length === 0) return []
    // The last step's distributions were only read during it (the cache kept their summary alone).
    this.release(false)
    let dists: Distribution[]
    if (this.model.nextMany) {
      dists = await this.model.nextMany(contexts, this.options.signal)
      if (this.keepDistributions) this.held++
      else this.releasable++
    } else {
      dists = await Promise.all(contexts.map((c) => this.model.next(c, this.options.signal)))
    }
    throwIfAborted(this.options.signal)
    return dists
  }

  /** Tells the model which calls' distributions are no longer read; `all` at the end of the run. */
  release(all: boolean): void {
    const release = this.model.releaseDistributions?.bind(this.model)
    const count = this.releasable + (all ? this.held : 0)
    this.releasable = 0
    if (all) this.held = 0
    if (release) for (let i = 0; i < count; i++) release()
  }

  private record(id: number, dist: Distribution): Expansion {
    const top = summarize(dist, Math.max(this.options.topN, this.needTop))
    const expansion = { dist, top }
    this.cache.set(id, this.keepDistributions ? expansion : { dist: RELEASED, top })
    this.tree.expand(id, top, this.options.topN)
    return expansion
  }

  /** Child node for the candidate at `index` of a ranking-ordered list of the model's own probabilities. */
  childAt(parent: number, candidates: Candidates, index: number): TreeNode {
    return this.tree.child(parent, candidates.ids[index], candidates.probs[index], () => index)
  }

  tokens(id: number): TokenId[] {
    return this.context(id).slice(this.prefix.length)
  }

  /**
   * What the model conditions on at a node: the prefix and the node's path. Kept for recent nodes,
   * so that a child's costs one copy of its parent's (which the model interface needs) rather than
   * a walk up the tree. Shared: callers must not change it.
   */
  context(id: number): readonly TokenId[] {
    const cached = this.contexts.get(id)
    if (cached) return cached
    const node = this.tree.get(id)
    const parent = node.parent === null ? undefined : this.contexts.get(node.parent)
    let context: TokenId[]
    if (node.parent === null) context = this.prefix.slice()
    else if (parent) (context = parent.slice()).push(node.tokenId as TokenId)
    else context = [...this.prefix, ...this.tree.path(id).map((n) => n.tokenId as TokenId)]
    this.contexts.set(id, context)
    this.contextTokens += context.length
    // The oldest go first; the newest always stays.
    while (
      this.contexts.size > 1 &&
      (this.contexts.size > Math.max(8, CONTEXTS_PER_HYPOTHESIS * this.needTop * this.needTop) ||
        this.contextTokens > CONTEXT_TOKENS_KEPT)
    ) {
      const [oldest, tokens] = this.contexts.entries().next().value as [number, readonly TokenId[]]
      this.contexts.delete(oldest)
      this.contextTokens -= tokens.length
    }
    return context
  }

  /** Whether `token` ends a sequence: eos, or any other end-of-generation token of the model. */
  isEnd(token: TokenId | null): boolean {
    return isEndToken(this.model, token)
  }

  /** A hypothesis is complete when it ends in an end token or has reached maxTokens (after the forced tokens). */
  isComplete(node: TreeNode): boolean {
    return this.isEnd(node.tokenId) || node.depth >= this.maxDepth
  }

  /**
   * The hypothesis ending at `id`, with its text as the model detokenizes it. `whole`: the path is a
   * given text (a scored one) that ends where it ends, never stopped by the context's size.
   */
  async sequence(id: number, whole = false): Promise<Sequence> {
    const path = this.tree.path(id)
    const tokenIds = path.map((n) => n.tokenId as TokenId)
    const finished = tokenIds.length > 0 && this.isEnd(tokenIds[tokenIds.length - 1])
    const contextEnd =
      !whole &&
      !finished &&
      this.tree.get(id).depth >= this.contextDepth &&
      this.contextDepth < this.start.depth + this.options.maxTokens
    if (contextEnd) {
      this.warnings.add(
        `the context of ${this.model.id} is full (${this.model.contextSize} tokens): a sequence stopped after ${this.tree.get(id).depth} tokens, before max tokens; a larger context size lets it go on`,
      )
    }
    let logProb = 0
    let probability = 1
    for (const n of path) {
      logProb += Math.log(n.prob)
      probability *= n.prob
    }
    return {
      tokenIds,
      tokens: path.map((n) => n.text),
      text: await this.model.detokenize(tokenIds),
      logProb,
      probability,
      finished,
      steps: path.map((n) => ({
        tokenId: n.tokenId as TokenId,
        token: n.text,
        prob: n.prob,
        logProb: Math.log(n.prob),
      })),
      nodeId: id,
      ...(contextEnd ? { stopReason: 'contextEnd' as const } : {}),
    }
  }

  /**
   * Reports progress. A model that detokenizes in another process is asked at most every
   * PROGRESS_INTERVAL_MS, one request at a time; settleProgress() sends the last step held back.
   */
  progress(step: number, id: number): void {
    if (!this.options.onProgress) return
    const wanted = { step, id, treeNodes: this.tree.nodes.length }
    if (!this.textIsAsync) {
      const text = this.model.detokenize(this.tokens(id))
      if (typeof text === 'string') return this.emitProgress(wanted, text)
      this.textIsAsync = true
      this.sendProgress(wanted, text)
      return
    }
    this.heldProgress = wanted
    if (this.progressInFlight === null && performance.now() - this.progressSentAt >= PROGRESS_INTERVAL_MS)
      this.sendHeldProgress()
  }

  /** Waits for progress on its way and sends the last one held back: the final step of a run is always reported. */
  async settleProgress(): Promise<void> {
    await this.progressInFlight
    if (this.heldProgress) this.sendHeldProgress()
    await this.progressInFlight
  }

  private sendHeldProgress(): void {
    const wanted = this.heldProgress
    this.heldProgress = null
    if (wanted) this.sendProgress(wanted, this.model.detokenize(this.tokens(wanted.id)))
  }

  private sendProgress(wanted: HeldProgress, text: string | Promise<string>): void {
    this.progressSentAt = performance.now()
    this.progressInFlight = Promise.resolve(text)
      .then(
        (t) => this.emitProgress(wanted, t),
        // A model that fails here fails its next step too, where the run reports it.
        () => undefined,
      )
      .finally(() => (this.progressInFlight = null))
  }

  private emitProgress({ step, treeNodes }: HeldProgress, text: string): void {
    this.options.onProgress?.({ step, maxTokens: this.options.maxTokens, text, treeNodes })
  }
}

/** The error of a strategy that reached a prefix after which the model gives every token probability 0. */
export function noContinuation(ctx: DecodeContext, id: number): DecodeError {
  const prefix = ctx
    .context(id)
    .map((t) => ctx.model.tokenText(t))
    .join(' ')
  return new DecodeError(`the model gives no token a non-zero probability after "${prefix}"`)
}
