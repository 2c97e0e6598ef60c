import type { TokenId } from '../types'

const NONE: ReadonlySet<TokenId> = new Set()

/**
 * The context the penalties read (BOS, prompt, generated tokens), with what they need of it kept up
 * to date as a strategy appends tokens: a step costs O(1) (O(n) for no-repeat-n-gram), not O(length).
 * Counts and n-gram indexes are built on first use, so a chain without penalties pays nothing.
 */
export class TokenHistory implements TokenCounts {
  private readonly list: TokenId[]
  private counts: Map<TokenId, number> | null = null
  /** Per window length n: the counts of the last n tokens, kept up to date on push. */
  private readonly windows = new Map<number, Map<TokenId, number>>()
  /** Per n: the tokens seen after each (n−1)-gram, keyed by the (n−1)-gram's ids. */
  private readonly followers = new Map<number, Map<string, Set<TokenId>>>()

  constructor(tokens: readonly TokenId[] = []) {
    this.list = tokens.slice()
  }

  get tokens(): readonly TokenId[] {
    return this.list
  }

  push(token: TokenId): void {
    this.list.push(token)
    if (this.counts) this.counts.set(token, (this.counts.get(token) ?? 0) + 1)
    for (const [n, counts] of this.windows) {
      add(counts, token, 1)
      // The token that just left the window of the last n.
      if (this.list.length > n) add(counts, this.list[this.list.length - 1 - n], -1)
    }
    for (const [n, index] of this.followers) this.indexEnding(index, n, this.list.length)
  }

  /** How often `token` occurs. */
  countOf(token: TokenId): number {
    return this.countMap().get(token) ?? 0
  }

  /** Every token that occurs, once. */
  distinct(): Iterable<TokenId> {
    return this.countMap().keys()
  }

  /**
   * The counts of the last n tokens only (llama.cpp's penalty_last_n); n < 0 is the whole context.
   * Built on first use in O(n), then O(1) a step.
   */
  window(n: number): TokenCounts {
    if (n < 0) return this
    let counts = this.windows.get(n)
    if (!counts) {
      counts = new Map()
      for (let i = Math.max(0, this.list.length - n); i < this.list.length; i++) add(counts, this.list[i], 1)
      this.windows.set(n, counts)
    }
    const view = counts
    return { countOf: (t) => view.get(t) ?? 0, distinct: () => view.keys() }
  }

  /** Tokens that would complete an n-gram already present (Hugging Face's no_repeat_ngram rule). */
  banned(n: number): ReadonlySet<TokenId> {
    if (n < 1 || this.list.length < n - 1) return NONE
    let index = this.followers.get(n)
    if (!index) {
      index = new Map()
      for (let end = n; end <= this.list.length; end++) this.indexEnding(index, n, end)
      this.followers.set(n, index)
    }
    return index.get(this.key(this.list.length - (n - 1), this.list.length)) ?? NONE
  }

  private countMap(): Map<TokenId, number> {
    if (!this.counts) {
      this.counts = new Map()
      for (const t of this.list) this.counts.set(t, (this.counts.get(t) ?? 0) + 1)
    }
    return this.counts
  }

  /** Records the n-gram that ends just before `end`. */
  private indexEnding(index: Map<string, Set<TokenId>>, n: number, end: number): void {
    if (end < n) return
    const key = this.key(end - n, end - 1)
    let next = index.get(key)
    if (!next) index.set(key, (next = new Set()))
    next.add(this.list[end - 1])
  }

  private key(from: number, to: number): string {
    let k = ''
    for (let i = from; i < to; i++) k += `${this.list[i]},`
    return k
  }
}

/** How often each token occurs in some stretch of the context. */
export interface TokenCounts {
  countOf(token: TokenId): number
  distinct(): Iterable<TokenId>
}

function add(counts: Map<TokenId, number>, token: TokenId, d: number): void {
  const n = (counts.get(token) ?? 0) + d
  if (n === 0) counts.delete(token)
  else counts.set(token, n)
}

/** A processor's context as a history: arrays (tests, one-off calls) are wrapped, in O(length). */
export function historyOf(context: readonly TokenId[] | TokenHistory | undefined): TokenHistory {
  return context instanceof TokenHistory ? context : new TokenHistory(context)
}
