import { describe, expect, it } from 'vitest'
import type { Experiment, RunProvenance, RunSummary } from '../../../core/records'
import { isFiltered, listRequest, NO_FILTERS, pageRange, recordedSeed, rerunRequest } from './history-query'

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

describe('pageRange', () => {
  it('gives the first and last row of a page, clipped to the total', () => {
    expect(pageRange(0, 10_000)).toEqual({ from: 1, to: 50 })
    expect(pageRange(199, 10_000)).toEqual({ from: 9951, to: 10_000 })
    expect(pageRange(1, 70)).toEqual({ from: 51, to: 70 })
    expect(pageRange(0, 0)).toEqual({ from: 0, to: 0 })
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

  it('repeats a GGUF run as chat with its system prompt, or raw, as its record says', () => {
    const gguf = { ...experiment, modelId: '/m/qwen.gguf', modelKind: 'gguf' }
    const record = { nondeterminism: null } as unknown as RunProvenance
    const chat = (system: string | null): RunProvenance => ({ ...record, chat: { templateSha256: 'a'.repeat(64), system } })
    const greedy = run('greedy', {})
    expect(rerunRequest(gguf, greedy, chat('Be brief.'))).toMatchObject({ system: 'Be brief.' })
    expect(rerunRequest(gguf, greedy, chat(null))).not.toHaveProperty('chat')
    expect(rerunRequest(gguf, greedy, chat(null))).not.toHaveProperty('system')
    expect(rerunRequest(gguf, greedy, record)).toMatchObject({ chat: false })
    // No record (an older run): the model's default.
    expect(rerunRequest(gguf, greedy)).not.toHaveProperty('chat')
  })
})
