// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import type { RunDetail } from '../../../core/records'
import { parseStrategySpec } from '../../../core/strategy-spec'
import { greedyTrap, seedWeather } from '../../../core/testing/builtin-tables'

import type { LanguageModel } from '../../../core/types'
import { mergeRuns, overlayPath, spreadPick, type Overlay } from './merge-runs'
import { PATH_COLOURS, PRUNED_STYLE, stablePathStyle } from './path-style'

/** A stored run as the app receives it, decoded from a spec with optional forced tokens. */
async function detail(id: number, model: LanguageModel, spec: string, forced?: number[]): Promise<RunDetail> {
  const strategy = { ...parseStrategySpec(spec, () => 1), ...(forced ? { forced } : {}) }
  const result = await decode(model, [], strategy, { maxTokens: 8, topN: 10 })
  return {
    id,
    experimentId: 1,
    position: id - 1,
    model: model.id,
    modelKind: 'table',
    prompt: '',
    strategy,
    status: 'done',
    error: null,
    optimal: null,
    warnings: [],
    createdAt: '',
    finishedAt: null,
    elapsedMs: null,
    treeNodes: result.tree.length,
    sequences: result.sequences,
    tree: result.tree,
  }
}

/** Each node as "token path | runs with a sequence through it | beam runs reaching it only pruned", in id order. */
function described(o: Overlay): string[] {
  const text = (id: number): string => {
    const n = o.nodes[id]
    return n.parent === null ? '^' : `${text(n.parent)} ${n.text}`
  }
  return o.nodes.map((n) => `${text(n.id)} | ${n.runs.join(',')} | ${n.prunedBy.join(',')}`)
}

const pathText = (o: Overlay, nodes: number[]): string => nodes.map((id) => o.nodes[id].text).join(' ')

describe('greedy-trap: greedy (run 1) and beam of width 2 (run 2)', async () => {
  const overlay = mergeRuns([await detail(1, greedyTrap, 'greedy'), await detail(2, greedyTrap, 'beam:width=2')])

  it('holds the greedy path, both beam hypotheses and the three pruned ones, each prefix once', () => {
    expect(described(overlay)).toEqual([
      '^ | 1,2 | ',
      '^ the | 1,2 | ',
      '^ the cat | 1,2 | ',
      '^ the cat </s> | 1,2 | ',
      '^ a | 2 | ',
      '^ a cat | 2 | ',
      '^ a cat </s> | 2 | ',
      '^ the dog |  | 2',
      '^ the bird |  | 2',
      '^ a dog |  | 2',
    ])
  })

  it('greedy’s "the cat" and beam’s best "a cat" share only the root', () => {
    const [greedy, beamBest] = overlay.paths
    expect(pathText(overlay, greedy.nodes)).toBe('the cat </s>')
    expect(pathText(overlay, beamBest.nodes)).toBe('a cat </s>')
    expect(greedy.nodes.filter((id) => beamBest.nodes.includes(id))).toEqual([])
  })

  it('gives every sequence a colour from its run and index, every pruned hypothesis the one thin grey, and keeps them as paths of the beam run', () => {
    const [blue, , , , , pink, green] = PATH_COLOURS
    const grey = PRUNED_STYLE.colour
    expect(
      overlay.paths.map(
        (p) => `${p.runId} ${p.kind} ${p.style.colour} ${p.style.dash ?? 'solid'} ${pathText(overlay, p.nodes)}`,
      ),
    ).toEqual([
      `1 sequence ${blue} solid the cat </s>`,
      `2 sequence ${pink} solid a cat </s>`,
      `2 sequence ${green} solid the cat </s>`,
      `2 pruned ${grey} solid the dog`,
      `2 pruned ${grey} solid the bird`,
      `2 pruned ${grey} solid a dog`,
    ])
    expect(overlay.runs).toEqual([
      { runId: 1, shown: 1, total: 1, prunedShown: 0, prunedTotal: 0 },
      { runId: 2, shown: 2, total: 2, prunedShown: 3, prunedTotal: 3 },
    ])
  })

  it('lists the paths through each node: the root carries all six, "the" the greedy path, beam’s second and two pruned ones', () => {
    expect(overlay.nodes[0].paths).toEqual([0, 1, 2, 3, 4, 5])
    expect(overlay.nodes[1].text).toBe('the')
    expect(overlay.nodes[1].paths).toEqual([0, 2, 3, 4])
    expect(overlay.nodes[7].paths).toEqual([3])
  })

  it('gives the token path of a node, for a branch from it', () => {
    expect(overlayPath(overlay, 7)).toEqual({
      ids: [overlay.nodes[1].tokenId, overlay.nodes[7].tokenId],
      texts: ['the', 'dog'],
    })
    expect(overlayPath(overlay, 0)).toEqual({ ids: [], texts: [] })
  })

  it('gives each path its cumulative log-likelihood: a cat </s> is ln 0.45, ln 0.405, ln 0.405', () => {
    const cumulative = overlay.paths[1].cumulative
    expect(cumulative).toHaveLength(3)
    ;[Math.log(0.45), Math.log(0.405), Math.log(0.405)].forEach((v, i) => expect(cumulative[i]).toBeCloseTo(v, 12))
    expect(overlay.nodes[7].logProb).toBeCloseTo(Math.log(0.55 * 0.3), 12)
  })

  it('caps pruned hypotheses per run, spread over the search (first and last kept), and says how many there were', async () => {
    const capped = mergeRuns([await detail(2, greedyTrap, 'beam:width=2')], 20, 2)
    expect(capped.runs).toEqual([{ runId: 2, shown: 2, total: 2, prunedShown: 2, prunedTotal: 3 }])
    // Of the three pruned (the dog, the bird, a dog, in the order the search pruned them), the first and the last.
    expect(capped.paths.filter((p) => p.kind === 'pruned').map((p) => pathText(capped, p.nodes))).toEqual([
      'the dog',
      'a dog',
    ])
    expect(capped.nodes).toHaveLength(9)
  })
})

describe('spreadPick', () => {
  it('keeps every item under the cap, else the first, the last and evenly spaced ones between, in order', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i)
    expect(spreadPick(ten, 20)).toEqual(ten)
    expect(spreadPick(ten, 4)).toEqual([0, 3, 6, 9])
    expect(spreadPick(ten, 3)).toEqual([0, 5, 9])
    expect(spreadPick(ten, 1)).toEqual([0])
    expect(spreadPick(ten, 0)).toEqual([])
  })
})

describe('seed-weather: greedy (run 1) and beam of width 2 (run 2) share the 天 气 好 path', async () => {
  const overlay = mergeRuns([await detail(1, seedWeather, 'greedy'), await detail(2, seedWeather, 'beam:width=2')])

  it('merges the shared prefix once; 好 <end> is beam’s alone; 天 好 is pruned', () => {
    expect(described(overlay)).toEqual([
      '^ | 1,2 | ',
      '^ 天 | 1,2 | ',
      '^ 天 气 | 1,2 | ',
      '^ 天 气 好 | 1,2 | ',
      '^ 天 气 好 <end> | 1,2 | ',
      '^ 好 | 2 | ',
      '^ 好 <end> | 2 | ',
      '^ 天 好 |  | 2',
      '^ 天 气 <end> |  | 2',
    ])
  })
})

describe('sampled paths and forced tokens', () => {
  it('shows the first maxPaths sequences of a run and counts the rest', async () => {
    const overlay = mergeRuns([await detail(1, seedWeather, 'nucleus:p=1,seed=3,samples=5')], 2)
    expect(overlay.paths.map((p) => p.index)).toEqual([0, 1])
    expect(overlay.runs[0]).toMatchObject({ shown: 2, total: 5 })
  })

  it('marks the forced prefix of a branched run: 好 forced, <end> picked by greedy', async () => {
    const overlay = mergeRuns([await detail(4, seedWeather, 'greedy', [3])])
    expect(overlay.paths[0].forced).toBe(1)
    expect(overlay.nodes.map((n) => `${n.text || '^'} ${n.forced}`)).toEqual(['^ false', '好 true', '<end> false'])
    expect(overlay.paths[0].cumulative.map((v) => Math.exp(v))).toEqual([0.4, 0.4].map((p) => expect.closeTo(p, 12)))
  })
})

describe('an experiment with a branch: greedy, nucleus with 5 samples, beam of width 2, and greedy forced 好 on seed-weather', async () => {
  const overlay = mergeRuns([
    await detail(1, seedWeather, 'greedy'),
    await detail(2, seedWeather, 'nucleus:p=1,seed=3,samples=5'),
    await detail(3, seedWeather, 'beam:width=2'),
    await detail(4, seedWeather, 'greedy', [3]),
  ])

  it('gives each of the 9 returned sequences its own style from its run and index, and the 2 pruned hypotheses the shared one', () => {
    expect(overlay.paths.map((p) => `${p.runId} ${p.kind}`)).toEqual([
      ...Array<string>(1).fill('1 sequence'),
      ...Array<string>(5).fill('2 sequence'),
      '3 sequence',
      '3 sequence',
      '3 pruned',
      '3 pruned',
      '4 sequence',
    ])
    const styles = overlay.paths
      .filter((p) => p.kind === 'sequence')
      .map((p) => `${p.style.colour} ${p.style.dash ?? ''}`)
    expect(new Set(styles).size).toBe(9)
    expect(overlay.paths[8].style).toBe(PRUNED_STYLE)
    expect(overlay.paths[9].style).toBe(PRUNED_STYLE)
    // The forced branch is run 4's first sequence wherever it comes in the list: the 16th style.
    expect(overlay.paths[10].style).toEqual({ colour: PATH_COLOURS[7], dash: '8 4' })
    expect(overlay.paths[10].style).toEqual(stablePathStyle(4, 0))
  })

  it('the forced branch 好 <end> has cumulative ln 0.4, ln 0.4; greedy 天 气 好 <end> ln 0.6, ln 0.54, ln 0.432, ln 0.432', () => {
    const exp = (i: number): number[] => overlay.paths[i].cumulative.map((v) => Math.exp(v))
    expect(exp(10)).toEqual([0.4, 0.4].map((p) => expect.closeTo(p, 12)))
    expect(exp(0)).toEqual([0.6, 0.54, 0.432, 0.432].map((p) => expect.closeTo(p, 12)))
    expect(overlay.paths[10].forced).toBe(1)
  })
})
