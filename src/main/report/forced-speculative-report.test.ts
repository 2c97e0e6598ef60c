// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveModel } from '../models/registry'
import { runExperiment } from '../runs/run-experiment'
import { openDatabase } from '../store/database'
import { getRun } from '../store/runs-repo'
import { useTempDir } from '../testing/temp-dir'
import { exportTarget } from './export-target'
import { importReport } from './import-report'

const tempDir = useTempDir()
const NOW = { now: new Date('2026-01-02T03:04:05.000Z') }

describe('a report keeps forced tokens, draft models and speculative statistics', () => {
  it('exports, imports into a fresh database and exports again to the same bytes', async () => {
    const dir = tempDir()
    const a = openDatabase(path.join(dir, 'a.sqlite'))
    const b = openDatabase(path.join(dir, 'b.sqlite'))
    try {
      const model = await resolveModel('seed-weather')
      const { experimentId } = await runExperiment(a, {
        model,
        prompt: '',
        // seed-weather ids: 天 1, 好 3. Forcing 天 好 gives 0.6 × 0.1 = 0.06.
        strategies: [
          { name: 'greedy', params: {}, forced: [1, 3] },
          { name: 'speculative', draft: 'seed-weather', params: { lookahead: 2, temperature: 1, seed: 5, samples: 2 } },
        ],
        maxTokens: 8,
        topN: 10,
        draftModels: new Map([['seed-weather', model]]),
        metrics: true,
      })
      const [first] = await exportTarget(a, { experimentId }, 'json', NOW)
      const outcome = importReport(b, first.data.toString('utf8'))
      expect(outcome.created).toBe(true)
      const [again] = await exportTarget(b, { experimentId: outcome.experimentId }, 'json', NOW)
      expect(again.data.toString('utf8')).toBe(first.data.toString('utf8'))

      // Metrics are checked field by field on import: an object where a number belongs is refused.
      const hostile = JSON.parse(first.data.toString('utf8'))
      hostile.runs[0].metrics.sequences[0].length = { toString: 'x' }
      expect(() => importReport(openDatabase(path.join(dir, 'c.sqlite')), JSON.stringify(hostile))).toThrow(
        /\$\.runs\[0\]\.metrics\.sequences\[0\]\.length/,
      )

      const [forced, speculative] = outcome.runIds.map((id) => getRun(b, id))
      expect(forced?.strategy.forced).toEqual([1, 3])
      expect(forced?.sequences[0].probability).toBeCloseTo(0.06, 12)
      // 天 好 <end>: perplexity (0.6 × 0.1 × 1.0)^(-1/3); a forced run has no search gap.
      expect(forced?.metrics?.sequences[0].perplexity).toBeCloseTo(0.06 ** (-1 / 3), 10)
      expect(forced?.metrics?.searchGap).toBeNull()
      expect(forced?.tree.filter((n) => n.forced).map((n) => n.text)).toEqual(['天', '好'])
      expect(speculative?.strategy.draft).toBe('seed-weather')
      // The target as its own draft: every proposal is accepted.
      expect(speculative?.speculative?.acceptanceRate).toBe(1)
      expect(speculative?.tree.some((n) => (n.draft?.accepted ?? 0) > 0)).toBe(true)
    } finally {
      a.close()
      b.close()
    }
  })
})
