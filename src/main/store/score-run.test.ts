// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { RunProvenance } from '../../core/records'
import { scoreAsRun, scoreSpec } from '../../core/score-run'
import { validateStrategy } from '../../core/strategy-spec'
import { tableModel } from '../../core/testing/tables'
import { RESOURCES_DIR } from '../paths'
import { useTempDir } from '../testing/temp-dir'
import { openDatabase } from './database'
import { createExperiment, getExperiment } from './experiments-repo'
import { createRun, finishRun, getRun } from './runs-repo'
import { saveScoreRun } from './score-run'

const tempDir = useTempDir()
const model = tableModel(
  'seed-weather',
  JSON.parse(fs.readFileSync(path.join(RESOURCES_DIR, 'models', 'seed-weather.table.json'), 'utf8')),
)

describe('saveScoreRun', () => {
  it('stores 天气好 as a run of the score strategy whose spec keeps the text, its record beside it', async () => {
    const db = openDatabase(path.join(tempDir(), 'lab.sqlite'))
    const spec = scoreSpec('天气好')
    const result = await scoreAsRun(model, [], spec, 10)
    const provenance = { app: { name: 'decoding-lab', version: '0' } } as RunProvenance
    const { experimentId, runId } = saveScoreRun(db, {
      model,
      prompt: '',
      promptTokens: [],
      topN: 10,
      spec,
      result,
      elapsedMs: 3,
      provenance,
    })
    const run = getRun(db, runId)
    // The experiment's max tokens is the text's length: 3 tokens.
    expect(getExperiment(db, experimentId)).toMatchObject({ modelId: 'seed-weather', maxTokens: 3, topN: 10 })
    expect(run?.strategy).toEqual({ name: 'score', params: {}, textParams: { text: '天气好' } })
    expect(run?.status).toBe('done')
    expect(run?.provenance).toEqual(provenance)
    expect(run?.sequences.map((s) => [s.tokens, s.probability])).toEqual([[['天', '气', '好'], 0.6 * 0.9 * 0.8]])
    expect(run?.tree.filter((n) => n.status === 'chosen').map((n) => n.text)).toEqual(['', '天', '气', '好'])
    db.close()
  })

  it('keeps eos=1 in the spec of a text scored with its end token', async () => {
    const db = openDatabase(path.join(tempDir(), 'lab.sqlite'))
    const spec = scoreSpec('天气好', true)
    const result = await scoreAsRun(model, [], spec, 10)
    const { experimentId, runId } = saveScoreRun(db, {
      model,
      prompt: '',
      promptTokens: [],
      topN: 10,
      spec,
      result,
      elapsedMs: 3,
    })
    expect(getRun(db, runId)?.strategy).toEqual({ name: 'score', params: { eos: 1 }, textParams: { text: '天气好' } })
    expect(getExperiment(db, experimentId)?.maxTokens).toBe(4)
    db.close()
  })

  it('still reads a score run stored before its spec kept the text (params {}, no text)', async () => {
    const db = openDatabase(path.join(tempDir(), 'lab.sqlite'))
    const experimentId = createExperiment(db, {
      modelId: 'seed-weather',
      modelKind: 'table',
      vocabSize: model.vocabSize,
      prompt: '',
      promptTokens: [],
      maxTokens: 2,
      topN: 10,
    })
    // What the old saveScoreRun wrote: strategy 'score', params '{}'.
    const runId = createRun(db, experimentId, 0, validateStrategy('score', {}))
    finishRun(db, runId, { status: 'done', elapsedMs: 1, result: await scoreAsRun(model, [], scoreSpec('天好'), 10) })
    expect(db.prepare('SELECT strategy, params FROM runs WHERE id = ?').get(runId)).toEqual({
      strategy: 'score',
      params: '{}',
    })
    const run = getRun(db, runId)
    expect(run?.strategy.name).toBe('score')
    expect(run?.strategy.params).toEqual({})
    expect(run?.strategy.textParams?.text).toBeUndefined()
    expect(run?.sequences[0].probability).toBeCloseTo(0.06, 12)
    db.close()
  })
})
