import { describe, expect, it } from 'vitest'
import { lazyRecord, once } from './lazy-record'

describe('lazyRecord', () => {
  it('makes each value on its first read only, and keeps it', () => {
    const made: string[] = []
    const record = lazyRecord({
      a: () => (made.push('a'), { n: 1 }),
      b: () => (made.push('b'), { n: 2 }),
    })
    expect(Object.keys(record)).toEqual(['a', 'b'])
    expect(made).toEqual([])
    const first = record.a
    expect(first).toEqual({ n: 1 })
    expect(made).toEqual(['a'])
    expect(record.a).toBe(first)
    expect(made).toEqual(['a'])
    expect(Object.hasOwn(record, 'b')).toBe(true)
    expect(Object.hasOwn(record, 'toString')).toBe(false)
    expect(made).toEqual(['a'])
  })

  it('once keeps an undefined result too', () => {
    let calls = 0
    const get = once(() => {
      calls++
      return undefined
    })
    get()
    get()
    expect(calls).toBe(1)
  })
})
