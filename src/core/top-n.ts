/**
 * Keeps the n largest keys, sorted descending, ties towards the lower id.
 * `push` assumes ids arrive in increasing order (so an equal key never displaces an earlier one);
 * `pushTie` makes no such assumption.
 */
export class TopN {
  readonly ids: Int32Array
  readonly keys: Float64Array
  size = 0
  threshold = -Infinity

  constructor(private readonly capacity: number) {
    this.ids = new Int32Array(capacity)
    this.keys = new Float64Array(capacity)
  }

  push(id: number, key: number): void {
    if (this.capacity === 0) return
    let pos = this.size < this.capacity ? this.size : this.capacity - 1
    while (pos > 0 && this.keys[pos - 1] < key) {
      if (pos < this.capacity) {
        this.keys[pos] = this.keys[pos - 1]
        this.ids[pos] = this.ids[pos - 1]
      }
      pos--
    }
    this.insert(pos, id, key)
  }

  pushTie(id: number, key: number): void {
    if (this.capacity === 0) return
    if (this.size === this.capacity && before(this.keys[this.size - 1], this.ids[this.size - 1], key, id)) return
    let pos = this.size < this.capacity ? this.size : this.capacity - 1
    while (pos > 0 && before(key, id, this.keys[pos - 1], this.ids[pos - 1])) {
      if (pos < this.capacity) {
        this.keys[pos] = this.keys[pos - 1]
        this.ids[pos] = this.ids[pos - 1]
      }
      pos--
    }
    this.insert(pos, id, key)
  }

  private insert(pos: number, id: number, key: number): void {
    this.keys[pos] = key
    this.ids[pos] = id
    if (this.size < this.capacity) this.size++
    if (this.size === this.capacity) this.threshold = this.keys[this.size - 1]
  }
}

/** Ranking order of candidates: higher probability first, then lower token id. */
export function before(keyA: number, idA: number, keyB: number, idB: number): boolean {
  return keyA > keyB || (keyA === keyB && idA < idB)
}
