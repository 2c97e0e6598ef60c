/**
 * Logits rows for a model whose caller copies each result before its next call (the model host,
 * which serialises its answer at once): the k-th row of a call reuses the k-th buffer of an earlier
 * one instead of a new vocabulary-sized array per step. There are two sets of buffers, so that a
 * call can run while the last call's rows are still lent (greedy's evaluation ahead). A buffer
 * handed out is never overwritten while lent: when both sets are lent, rows are fresh arrays, as
 * they are when pooling is off.
 */
export class LogitsPool {
  private readonly sets: Float32Array[][] = [[], []]
  /** Calls whose rows were handed over and not yet released, per set. */
  private readonly lent = [0, 0]
  /** The set of each lent call (-1: its rows were fresh), oldest first: calls are released in the order they ended. */
  private readonly lentOrder: number[] = []
  private current = 0
  /** The current call's rows are fresh arrays: both sets were lent when it began. */
  private fresh = true
  private used = 0
  private pooling = false

  constructor(private readonly vocabSize: number) {}

  /** From now on, rows come from the pool; the caller promises to release() each call's rows. */
  enable(): void {
    this.pooling = true
  }

  /** A call begins: its rows come from a set none of whose rows are lent, if there is one. */
  begin(): void {
    this.used = 0
    if (this.lent[this.current] > 0) this.current = 1 - this.current
    this.fresh = !this.pooling || this.lent[this.current] > 0
  }

  /** A call's rows are handed over: lent until its release(). */
  end(): void {
    if (!this.pooling) return
    if (!this.fresh) this.lent[this.current]++
    this.lentOrder.push(this.fresh ? -1 : this.current)
  }

  /** The caller is done with the rows of the oldest call that ended and is unreleased (copied or dropped). */
  release(): void {
    const set = this.lentOrder.shift()
    if (set !== undefined && set >= 0) this.lent[set]--
  }

  /** A buffer for the next row of the current call. */
  row(): Float32Array {
    if (this.fresh) return new Float32Array(this.vocabSize)
    const set = this.sets[this.current]
    let b = set[this.used]
    if (!b) set.push((b = new Float32Array(this.vocabSize)))
    this.used++
    return b
  }
}
