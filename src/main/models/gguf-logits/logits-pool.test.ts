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

  it('reuses the k-th row of a call once that call is released, never while it is lent', () => {
    const pool = new LogitsPool(4)
    pool.enable()
    pool.begin()
    const [a, b] = [pool.row(), pool.row()]
    expect(a).not.toBe(b)
    pool.end()
    // Call 2 starts while call 1's rows are lent: fresh rows.
    pool.begin()
    const c = pool.row()
    expect([a, b]).not.toContain(c)
    pool.end()
    // Call 1 released, call 2 still lent: still fresh.
    pool.release()
    pool.begin()
    expect([a, b, c]).not.toContain(pool.row())
    pool.end()
    pool.release()
    pool.release()
    // Nothing lent: the pool's rows again, in order.
    pool.begin()
    expect(pool.row()).toBe(a)
    expect(pool.row()).toBe(b)
    expect([a, b]).not.toContain(pool.row())
  })
})
