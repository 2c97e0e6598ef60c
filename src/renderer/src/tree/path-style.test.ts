// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { laneOffsets, PATH_COLOURS, pathStyle } from './path-style'

describe('pathStyle', () => {
  it('gives the first 8 paths the 8 colours, solid', () => {
    expect(PATH_COLOURS.map((_, i) => pathStyle(i))).toEqual(PATH_COLOURS.map((colour) => ({ colour })))
  })

  it('then repeats the colours with dash patterns: 20 paths, 20 different styles', () => {
    expect(pathStyle(8)).toEqual({ colour: PATH_COLOURS[0], dash: '8 4' })
    expect(pathStyle(17)).toEqual({ colour: PATH_COLOURS[1], dash: '2 3' })
    const styles = Array.from({ length: 20 }, (_, i) => JSON.stringify(pathStyle(i)))
    expect(new Set(styles).size).toBe(20)
    expect(new Set(Array.from({ length: 32 }, (_, i) => JSON.stringify(pathStyle(i)))).size).toBe(32)
    expect(pathStyle(32)).toEqual(pathStyle(0))
  })
})

describe('laneOffsets', () => {
  it('centres the lanes of one edge, a lane apart', () => {
    expect(laneOffsets(1, 3.5, 20)).toEqual([0])
    expect(laneOffsets(3, 3.5, 20)).toEqual([-3.5, 0, 3.5])
  })

  it('squeezes 21 lanes into the spread instead of 70 pixels', () => {
    const lanes = laneOffsets(21, 3.5, 20)
    expect(lanes[0]).toBeCloseTo(-10, 12)
    expect(lanes[20]).toBeCloseTo(10, 12)
    expect(lanes[1] - lanes[0]).toBeCloseTo(1, 12)
  })
})
