// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { decode } from '../../../core/decode'
import type { RunDetail } from '../../../core/records'
import { parseStrategySpec } from '../../../core/strategy-spec'
import { greedyTrap, seedWeather } from '../../../core/testing/builtin-tables'

import type { LanguageModel } from '../../../core/types'
import { mergeRuns, RUN_COLOURS, type Overlay } from './merge-runs'

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

  it('colours every path by its run, and keeps the pruned hypotheses as paths of the beam run', () => {
    expect(overlay.paths.map((p) => `${p.runId} ${p.kind} ${p.colour} ${pathText(overlay, p.nodes)}`)).toEqual([
      `1 sequence ${RUN_COLOURS[0]} the cat </s>`,
      `2 sequence ${RUN_COLOURS[1]} a cat </s>`,
      `2 sequence ${RUN_COLOURS[1]} the cat </s>`,
      `2 pruned ${RUN_COLOURS[1]} the dog`,
      `2 pruned ${RUN_COLOURS[1]} the bird`,
      `2 pruned ${RUN_COLOURS[1]} a dog`,
    ])
    expect(overlay.runs).toEqual([
      { runId: 1, colour: RUN_COLOURS[0], shown: 1, total: 1, prunedShown: 0, prunedTotal: 0 },
      { runId: 2, colour: RUN_COLOURS[1], shown: 2, total: 2, prunedShown: 3, prunedTotal: 3 },
    ])
  })

  it('gives each path its cumulative log-likelihood: a cat </s> is ln 0.45, ln 0.405, ln 0.405', () => {
    const cumulative = overlay.paths[1].cumulative
    expect(cumulative).toHaveLength(3)
    ;[Math.log(0.45), Math.log(0.405), Math.log(0.405)].forEach((v, i) => expect(cumulative[i]).toBeCloseTo(v, 12))
    expect(overlay.nodes[7].logProb).toBeCloseTo(Math.log(0.55 * 0.3), 12)
  })

  it('caps pruned hypotheses per run and says how many there were', async () => {
    const capped = mergeRuns([await detail(2, greedyTrap, 'beam:width=2')], 20, 2)
    expect(capped.runs).toEqual([{ runId: 2, colour: RUN_COLOURS[0], shown: 2, total: 2, prunedShown: 2, prunedTotal: 3 }])
    expect(capped.paths.filter((p) => p.kind === 'pruned').map((p) => pathText(capped, p.nodes))).toEqual(['the dog', 'the bird'])
    expect(capped.nodes).toHaveLength(9)
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
    expect(overlay.nodes.map((n) => `${n.text || '^'} ${n.forced}`)).toEqual(['^ false', '好 true', '<end> false'])
    expect(overlay.paths[0].cumulative.map((v) => Math.exp(v))).toEqual([0.4, 0.4].map((p) => expect.closeTo(p, 12)))
  })
})
