import { describe, expect, it } from 'vitest'
import { formatDuration, timeLeftMs } from './sweep-eta'

describe('timeLeftMs', () => {
  it('is the wall time per finished cell times the cells left', () => {
    expect(timeLeftMs(3000, 2, 4)).toBe(6000)
    expect(timeLeftMs(1000, 3, 1)).toBeCloseTo(333.333333, 5)
  })
  it('is unknown before any cell finished and zero when none is left', () => {
    expect(timeLeftMs(500, 0, 6)).toBeNull()
    expect(timeLeftMs(500, 6, 0)).toBe(0)
  })
})

describe('formatDuration', () => {
  it('gives hundredths under a second, tenths under two minutes, then whole minutes', () => {
    expect(formatDuration(250)).toBe('0.25 s')
    expect(formatDuration(12_500)).toBe('12.5 s')
    expect(formatDuration(180_000)).toBe('3 min')
  })
})
