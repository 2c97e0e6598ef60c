import { describe, expect, it } from 'vitest'
import type { OverlayPath } from './merge-runs'
import { legendGroups } from './legend-groups'
import { PATH_COLOURS, PRUNED_STYLE, stablePathStyle } from './path-style'

const path = (runId: number, index: number, kind: OverlayPath['kind']): OverlayPath => ({
  runId,
  index,
  kind,
  style: kind === 'pruned' ? PRUNED_STYLE : stablePathStyle(runId, index),
  forced: 0,
  nodes: [],
  cumulative: [],
})

describe('the overlay legend', () => {
  it('has one entry per run listing its sequences, and one entry for 600 pruned hypotheses', () => {
    const paths = [
      path(1, 0, 'sequence'),
      ...[0, 1, 2, 3].map((i) => path(3, i, 'sequence')),
      ...Array.from({ length: 600 }, (_, i) => path(3, i, 'pruned')),
      path(4, 0, 'sequence'),
    ]
    const groups = legendGroups({ paths })
    expect(groups.runs.map((r) => [r.runId, r.sequences.map((s) => s.index)])).toEqual([
      [1, [0]],
      [3, [0, 1, 2, 3]],
      [4, [0]],
    ])
    expect(groups.runs[1].sequences.map((s) => s.path)).toEqual([1, 2, 3, 4])
    expect(groups.runs[2].sequences[0].path).toBe(605)
    expect(groups.pruned).toEqual({ count: 600, runIds: [3] })
  })

  it('has no pruned entry when nothing was pruned, and no entry at all for no paths', () => {
    expect(legendGroups({ paths: [path(2, 0, 'sequence')] }).pruned).toBeNull()
    expect(legendGroups({ paths: [] })).toEqual({ runs: [], pruned: null })
  })
})

describe('path colours', () => {
  it('come from the run and the sequence, not from the position among the paths', () => {
    // Run 5's second sequence looks the same whether runs 1-4 are there or not.
    expect(stablePathStyle(5, 1)).toEqual({ colour: PATH_COLOURS[5], dash: '2 3' })
    expect(stablePathStyle(1, 0)).toEqual({ colour: PATH_COLOURS[0] })
    expect(stablePathStyle(2, 0)).toEqual({ colour: PATH_COLOURS[5] })
    expect(stablePathStyle(2, 3)).toEqual({ colour: PATH_COLOURS[0], dash: '8 4' })
  })

  it('keep 20 sequences of one run apart: for run 1, 8 colours solid, then dashed', () => {
    const of = (run: number) => Array.from({ length: 20 }, (_, i) => stablePathStyle(run, i))
    expect(new Set(of(7).map((s) => `${s.colour} ${s.dash}`)).size).toBe(20)
    const styles = of(1)
    expect(styles.slice(0, 8).every((s) => s.dash === undefined)).toBe(true)
    expect(styles[8].dash).toBe('8 4')
    expect(styles[16].dash).toBe('2 3')
  })
})
