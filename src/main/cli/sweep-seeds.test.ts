// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bootstrapMean } from '../../core/stats/bootstrap'
import { openDatabase } from '../store/database'
import { getExperimentRuns } from '../store/runs-repo'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { planSeeds } from '../../core/sweep/sweep-seeds'

const tempDir = useTempDir()

describe('sweep --seeds', () => {
  it('repeats every cell under seeds 1…N and gives each metric’s mean and bootstrap interval over the seeds', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const args = [
      'sweep',
      '--model',
      'greedy-trap',
      '--strategy',
      'nucleus',
      '--grid',
      'p=0.5,0.9',
      '--seeds',
      '3',
      '--samples',
      '4',
      '--db',
      db,
    ]
    const out = await json(...args)
    expect(out.cells.map((c: { values: Record<string, number> }) => c.values)).toEqual([
      { p: 0.5, seed: 1 },
      { p: 0.5, seed: 2 },
      { p: 0.5, seed: 3 },
      { p: 0.9, seed: 1 },
      { p: 0.9, seed: 2 },
      { p: 0.9, seed: 3 },
    ])
    expect(out.intervals.bootstrap).toEqual({
      method: 'percentile',
      seed: 1,
      resamples: 1000,
      level: 0.95,
      over: 'prompts × seeds',
    })
    expect(out.intervals.points.map((p: { values: object; runs: number }) => [p.values, p.runs])).toEqual([
      [{ p: 0.5 }, 3],
      [{ p: 0.9 }, 3],
    ])
    // Each run's per-token log-likelihood, computed here from the stored runs, then the same bootstrap.
    const store = openDatabase(db)
    const runs = getExperimentRuns(store, out.experimentId)
    store.close()
    for (const [k, point] of out.intervals.points.entries()) {
      const perRun = runs
        .slice(3 * k, 3 * k + 3)
        .map(
          (r) => r.sequences.reduce((s, x) => s + x.logProb, 0) / r.sequences.reduce((n, x) => n + x.tokens.length, 0),
        )
      const ci = bootstrapMean(perRun, { seed: 1 })!
      expect(point.metrics.meanLogProb.mean).toBeCloseTo(perRun.reduce((a, b) => a + b, 0) / 3, 12)
      expect(point.metrics.meanLogProb.low).toBeCloseTo(ci.low, 12)
      expect(point.metrics.meanLogProb.high).toBeCloseTo(ci.high, 12)
    }
    // The same command again is the same sweep: nothing runs.
    const csv = path.join(path.dirname(db), 'intervals.csv')
    await json(...args, '--csv', csv)
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[1].split(',').slice(0, 6)).toEqual([
      'nucleus',
      'p=0.5',
      '3',
      ...['mean', 'low', 'high'].map((k) => String(out.intervals.points[0].metrics.meanLogProb[k])),
    ])
    expect(
      (
        await cli(
          'sweep',
          '--model',
          'greedy-trap',
          '--strategy',
          'nucleus',
          '--grid',
          'p=0.5',
          '--csv',
          csv,
          '--db',
          db,
        )
      ).err,
    ).toContain('--csv writes the intervals of a sweep over seeds; give --seeds N too')
    const again = await cli(...args)
    expect(again.err).toBe(`sweep ${out.sweepId} (experiment ${out.experimentId}): 6 cells, 6 done before, 0 to run\n`)
    expect(again.out).toContain(
      'mean [95% interval] over prompts × seeds (percentile bootstrap, 1000 resamples, seed 1):',
    )
  })

  it('takes the strategy’s seed as the first, and refuses what cannot be seeded', () => {
    expect(planSeeds('nucleus:p=0.9,seed=40,samples=2', ['temperature=0.7,1'], 2)).toEqual({
      strategy: 'nucleus:p=0.9,samples=2',
      grid: ['temperature=0.7,1', 'seed=40,41'],
      firstSeed: 40,
      seeds: 2,
    })
    expect(() => planSeeds('beam', ['width=1,2'], 3)).toThrow(
      'beam draws nothing at random; use it with a sampling strategy',
    )
    expect(() => planSeeds('nucleus', ['seed=1,2'], 3)).toThrow('seed is on --grid and --seeds gives the seeds too')
  })
})
