import { describe, expect, it } from 'vitest'
import { formatCount, formatDate } from './formats'

describe('the history’s numbers and dates', () => {
  it('groups a count by three digits, as en and zh-CN both do', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(1000)).toBe('1,000')
    expect(formatCount(10000)).toBe('10,000')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(-4321)).toBe('-4,321')
    for (const n of [7, 12345, 999999, 1000001]) {
      expect(formatCount(n)).toBe(n.toLocaleString('en'))
      expect(formatCount(n)).toBe(n.toLocaleString('zh-CN'))
    }
  })
  it('writes a stored time in local time to the second, and leaves what is no time as it is', () => {
    const d = new Date(2026, 11, 3, 9, 5, 7)
    expect(formatDate(d.toISOString())).toBe('2026-12-03 09:05:07')
    expect(formatDate('not a date')).toBe('not a date')
  })
})
