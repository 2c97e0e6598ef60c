import { describe, expect, it } from 'vitest'
import { MAX_TOKENS } from '../../../core/contract'
import type { Experiment, RunProvenance, RunSummary } from '../../../core/records'
import {
  isFiltered,
  listRequest,
  NO_FILTERS,
  pagesFor,
  recordedSeed,
  rerunRequest,
  strategyNames,
} from './history-query'

describe('listRequest', () => {
  it('asks for one page and leaves empty filters out', () => {
    expect(listRequest(NO_FILTERS, 0)).toEqual({ limit: 50, offset: 0 })
    expect(listRequest({ query: '天', model: 'seed-weather', strategy: 'beam', status: 'done' }, 2, 20)).toEqual({
      query: '天',
      model: 'seed-weather',
      strategy: 'beam',
      status: 'done',
      limit: 20,
      offset: 40,
    })
  })
})

describe('isFiltered', () => {
  it('is true as soon as any filter or the search is set', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false)
    expect(isFiltered({ ...NO_FILTERS, status: 'failed' })).toBe(true)
    expect(isFiltered({ ...NO_FILTERS, query: 'x' })).toBe(true)
  })
})

describe('pagesFor', () => {
  it('gives the pages that hold the rows on screen', () => {
    expect(pagesFor(0, 12)).toEqual([0])
    expect(pagesFor(45, 55)).toEqual([0, 1])
    expect(pagesFor(49, 50)).toEqual([0, 1])
    expect(pagesFor(9990, 9999)).toEqual([199])
    expect(pagesFor(0, -1)).toEqual([])
  })
})

describe('strategyNames', () => {
  it('names each strategy once by its short name, in run order', () => {
    const runs: Pick<RunSummary, 'strategy'>[] = [
      { strategy: { name: 'greedy', params: {} } },
      { strategy: { name: 'beam', params: { width: 4 } } },
      { strategy: { name: 'greedy', params: {} } },
      { strategy: { name: 'nucleus', params: { p: 0.9, seed: 3 } } },
    ]
    expect(strategyNames(runs)).toBe('greedy, beam 4, nucleus 0.9')
  })
})

const experiment: Experiment = {
  id: 4,
  modelId: 'seed-weather',
  modelKind: 'table',
  vocabSize: 5,
  prompt: '天',
  promptTokens: ['天'],
  maxTokens: 12,
  topN: 3,
  createdAt: '2025-01-01T00:00:00.000Z',
}
const run = (name: RunSummary['strategy']['name'], params: Record<string, number>): RunSummary => ({
  id: 9,
  experimentId: 4,
  position: 1,
  model: 'seed-weather',
  modelKind: 'table',
  prompt: '天',
  strategy: { name, params },
  status: 'done',
  error: null,
  optimal: null,
  warnings: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  finishedAt: null,
  elapsedMs: 1,
  treeNodes: 3,
})

describe('rerunRequest', () => {
  it('repeats the model, prompt, limits and the one strategy with its recorded seed', () => {
    expect(rerunRequest(experiment, run('nucleus', { p: 0.9, temperature: 1, seed: 1234, samples: 1 }))).toEqual({
      model: 'seed-weather',
      prompt: '天',
      strategies: [{ name: 'nucleus', params: { p: 0.9, temperature: 1, seed: 1234, samples: 1 } }],
      maxTokens: 12,
      topN: 3,
    })
    expect(recordedSeed(run('nucleus', { p: 0.9, seed: 1234 }))).toBe(1234)
    expect(recordedSeed(run('greedy', {}))).toBe(null)
  })

  it('repeats the text parameters and second model: a scored text is scored again, its max tokens kept within the limit', () => {
    const scored: RunSummary = {
      ...run('score', {}),
      strategy: { name: 'score', params: {}, textParams: { text: '天好' } },
    }
    expect(rerunRequest({ ...experiment, maxTokens: 2 }, scored)).toEqual({
      model: 'seed-weather',
      prompt: '天',
      strategies: [{ name: 'score', params: {}, textParams: { text: '天好' } }],
      maxTokens: 2,
      topN: 3,
    })
    // A text of 5000 tokens: the score strategy never cuts it, and max tokens must stay within what experiment.start takes.
    expect(rerunRequest({ ...experiment, maxTokens: 5000 }, scored).maxTokens).toBe(MAX_TOKENS)
    const mbr: RunSummary = {
      ...run('mbr', { samples: 16, seed: 3 }),
      strategy: {
        name: 'mbr',
        params: { samples: 16, seed: 3 },
        textParams: { proposal: 'nucleus:p=0.9', utility: 'chrf' },
      },
    }
    expect(rerunRequest(experiment, mbr).strategies).toEqual([mbr.strategy])
    const speculative: RunSummary = {
      ...run('speculative', { lookahead: 4, temperature: 1, seed: 7, samples: 1 }),
      strategy: { name: 'speculative', params: { lookahead: 4, temperature: 1, seed: 7, samples: 1 }, draft: 'tiny' },
    }
    expect(rerunRequest(experiment, speculative).strategies).toEqual([speculative.strategy])
  })

  it('repeats a GGUF run as chat with its system prompt, or raw, as its record says', () => {
    const gguf = { ...experiment, modelId: '/m/qwen.gguf', modelKind: 'gguf' }
    const record = { nondeterminism: null } as unknown as RunProvenance
    const chat = (system: string | null): RunProvenance => ({
      ...record,
      chat: { templateSha256: 'a'.repeat(64), system },
    })
    const greedy = run('greedy', {})
    expect(rerunRequest(gguf, greedy, chat('Be brief.'))).toMatchObject({ system: 'Be brief.' })
    expect(rerunRequest(gguf, greedy, chat(null))).not.toHaveProperty('chat')
    expect(rerunRequest(gguf, greedy, chat(null))).not.toHaveProperty('system')
    expect(rerunRequest(gguf, greedy, record)).toMatchObject({ chat: false })
    // No record (an older run): the model's default.
    expect(rerunRequest(gguf, greedy)).not.toHaveProperty('chat')
  })

  it("loads the model as the run did: the context size and GPU layers of its record, 'auto' and none left out", () => {
    const gguf = { ...experiment, modelId: '/m/qwen.gguf', modelKind: 'gguf' }
    const record = (modelOptions?: RunProvenance['modelOptions']): RunProvenance =>
      ({ nondeterminism: null, chat: { templateSha256: 'a'.repeat(64), system: null }, modelOptions }) as RunProvenance
    const greedy = run('greedy', {})
    expect(rerunRequest(gguf, greedy, record({ contextSize: 64, gpuLayers: 0 }))).toEqual({
      model: '/m/qwen.gguf',
      prompt: '天',
      strategies: [{ name: 'greedy', params: {} }],
      maxTokens: 12,
      topN: 3,
      contextSize: 64,
      gpuLayers: 0,
    })
    const auto = rerunRequest(gguf, greedy, record({ gpuLayers: 'auto' }))
    expect([auto.contextSize, auto.gpuLayers]).toEqual([undefined, undefined])
    expect(rerunRequest(gguf, greedy, record())).not.toHaveProperty('contextSize')
  })
})
