// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { LogitsPool } from './logits-pool'

describe('LogitsPool', () => {
  it('hands out fresh rows until enabled', () => {
    const pool = new LogitsPool(4)
    pool.begin()
    const a = pool.row()
    pool.end()
    pool.begin()
    expect(pool.row()).not.toBe(a)
  })

  it('reuses the k-th row of a call once that call is released, never while it is lent; two sets take turns', () => {
    const pool = new LogitsPool(4)
    pool.enable()
    pool.begin()
    const [a, b] = [pool.row(), pool.row()]
    expect(a).not.toBe(b)
    pool.end()
    // Call 2 starts while call 1's rows are lent: the other set.
    pool.begin()
    const c = pool.row()
    expect([a, b]).not.toContain(c)
    pool.end()
    // Both sets lent: fresh rows.
    pool.begin()
    const d = pool.row()
    expect([a, b, c]).not.toContain(d)
    pool.end()
    // Call 1 released, calls 2 and 3 still lent: call 4 gets call 1's set back.
    pool.release()
    pool.begin()
    expect(pool.row()).toBe(a)
    pool.end()
    // Calls 2 (set 2), 3 (fresh) and 4 (set 1) released: set 1's rows in order again.
    pool.release()
    pool.release()
    pool.release()
    pool.begin()
    expect(pool.row()).toBe(a)
    expect(pool.row()).toBe(b)
    expect([a, b, c]).not.toContain(pool.row())
  })

  it('greedy ahead: a call begun while the last is lent, then the last released, alternates between the two sets', () => {
    const pool = new LogitsPool(4)
    pool.enable()
    const rows: Float32Array[] = []
    for (let step = 0; step < 4; step++) {
      pool.begin()
      rows.push(pool.row())
      pool.end()
      if (step > 0) pool.release()
    }
    expect(rows[2]).toBe(rows[0])
    expect(rows[3]).toBe(rows[1])
    expect(rows[1]).not.toBe(rows[0])
  })
})
