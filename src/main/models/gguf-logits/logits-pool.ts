/**
 * Logits rows for a model whose caller copies each result before its next call (the model host,
 * which serialises its answer at once): the k-th row of a call reuses the k-th buffer of the last
 * one instead of a new vocabulary-sized array per step. A buffer handed out is never overwritten
 * while lent: while any call's rows are unreleased, rows are fresh arrays, as they are when pooling is off.
 */
export class LogitsPool {
  private readonly buffers: Float32Array[] = []
  private used = 0
  /** Calls whose rows were handed over and not yet released. */
  private lent = 0
  private pooling = false

  constructor(private readonly vocabSize: number) {}

  /** From now on, rows come from the pool; the caller promises to release() each call's rows. */
  enable(): void {
    this.pooling = true
  }

  /** A call begins: its rows are the pool's from the first, unless the last call's are still lent. */
  begin(): void {
    this.used = 0
  }

  /** A call's rows are handed over: lent until its release(). */
  end(): void {
    if (this.pooling) this.lent++
  }

  /** The caller is done with the rows of one call that ended (copied or dropped). */
  release(): void {
    if (this.lent > 0) this.lent--
  }

  /** A buffer for the next row of the current call. */
  row(): Float32Array {
    if (!this.pooling || this.lent > 0) return new Float32Array(this.vocabSize)
    let b = this.buffers[this.used]
    if (!b) this.buffers.push((b = new Float32Array(this.vocabSize)))
    this.used++
    return b
  }
}
