// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseStrategySpec } from '../../core/strategy-spec'
import { resolveModel } from '../models/registry'
import { runExperiment } from '../runs/run-experiment'
import { openDatabase } from '../store/database'
import { getExperimentRuns } from '../store/runs-repo'
import { useTempDir } from '../testing/temp-dir'
import { exportTarget } from './export-target'
import { importReport } from './import-report'

const tempDir = useTempDir()
const NOW = { now: new Date('2026-01-02T03:04:05.000Z') }

describe('an experiment that gained branches after it was exported', () => {
  it('imports again into the same experiment, adding only the branches', async () => {
    const dir = tempDir()
    const a = openDatabase(path.join(dir, 'a.sqlite'))
    const b = openDatabase(path.join(dir, 'b.sqlite'))
    try {
      const model = await resolveModel('greedy-trap')
      const base = { model, prompt: '', maxTokens: 8, topN: 10, metrics: true }
      const { experimentId } = await runExperiment(a, {
        ...base,
        strategies: [parseStrategySpec('beam:width=2', () => 0)],
      })
      const [before] = await exportTarget(a, { experimentId }, 'json', NOW)
      const first = importReport(b, before.data.toString('utf8'))

      // greedy-trap ids: the 1, dog 4. Forcing the pruned "the dog", then greedy: 0.55 × 0.3 × 1.0 (</s>).
      await runExperiment(a, {
        ...base,
        experimentId,
        strategies: [{ ...parseStrategySpec('greedy', () => 0), forced: [1, 4] }],
      })
      const [after] = await exportTarget(a, { experimentId }, 'json', NOW)
      const second = importReport(b, after.data.toString('utf8'))
      expect(second).toMatchObject({ experimentId: first.experimentId, created: false })
      expect(second.runIds).toHaveLength(1)
      const runs = getExperimentRuns(b, first.experimentId)
      expect(runs.map((r) => r.strategy.forced ?? null)).toEqual([null, [1, 4]])
      expect(runs[1].sequences[0].tokens).toEqual(['the', 'dog', '</s>'])
      expect(runs[1].sequences[0].probability).toBeCloseTo(0.55 * 0.3 * 1.0, 12)
      expect(runs[1].tree.filter((n) => n.forced).map((n) => n.text)).toEqual(['the', 'dog'])
    } finally {
      a.close()
      b.close()
    }
  })
})
