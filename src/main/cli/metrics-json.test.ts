// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

describe('run --json metrics', () => {
  it('adds metrics to every sequence and every run, worked by hand on greedy-trap', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await json(
      'run',
      '--model',
      'greedy-trap',
      '--strategy',
      'greedy',
      '--strategy',
      'beam:width=2',
      '--strategy',
      'exact',
      '--db',
      db,
    )
    const [greedy, beam, exact] = r.runs
    const m = greedy.sequences[0].metrics
    expect(Object.keys(m)).toEqual([
      'perplexity',
      'meanEntropy',
      'surprisalVariance',
      'repetitionPct',
      'distinct1',
      'distinct2',
      'distinct3',
      'length',
    ])
    // the .55, cat .4, </s> 1: surprisals 0.597837, 0.916291, 0; mean 0.504709 → perplexity e^0.504709 = 1.656504.
    expect(m.length).toBe(3)
    expect(m.perplexity).toBeCloseTo(1.656504, 6)
    // ((0.597837 − 0.504709)² + (0.916291 − 0.504709)² + 0.504709²)/3 = (0.008673 + 0.169400 + 0.254731)/3 = 0.144268.
    expect(m.surprisalVariance).toBeCloseTo(0.144268, 6)
    // H(.55, .45) = 0.688139, H(.4, .3, .3) = 1.088900, H(1) = 0 → mean 0.592346.
    expect(m.meanEntropy).toBeCloseTo(0.592346, 6)
    // Text "the cat": 2 distinct unigrams of 2, 1 bigram of 1, no trigram.
    expect([m.distinct1, m.distinct2, m.distinct3, m.repetitionPct]).toEqual([1, 1, null, 0])

    expect(Object.keys(greedy.metrics)).toEqual(['selfBleu4', 'zipf', 'searchGap'])
    // One sequence: no Self-BLEU; tokens the, cat: two seen once each, slope 0.
    expect(greedy.metrics.selfBleu4).toBeNull()
    expect(greedy.metrics.zipf).toBeCloseTo(0, 12)
    // ln 0.405 − ln 0.22 = 0.610260.
    expect(greedy.metrics.searchGap).toBeCloseTo(0.61026, 5)

    // Beam: "a cat" and "the cat". BLEU of either against the other: p1 = 1/2, p2 = 0 → 0.1/1, p3 and p4 have
    // no n-gram → 0.1/1; no brevity penalty: (0.5 × 0.1³)^(1/4) = 0.149535.
    expect(beam.metrics.selfBleu4).toBeCloseTo(0.149535, 6)
    // cat 2, a 1, the 1 at ranks 1, 2, 3: x̄ = 0.597253, ȳ = 0.231049, Sxy = −0.413984, Sxx = 0.617268 → s = 0.670672.
    expect(beam.metrics.zipf).toBeCloseTo(0.670672, 6)
    expect(beam.metrics.searchGap).toBe(0)
    expect(exact.metrics.searchGap).toBe(0)
  })

  it('searches exactly when the experiment has no exact run', async () => {
    const r = await json(
      'run',
      '--model',
      'greedy-trap',
      '--strategy',
      'greedy',
      '--db',
      path.join(tempDir(), 'lab.sqlite'),
    )
    expect(r.runs[0].metrics.searchGap).toBeCloseTo(0.61026, 5)
  })

  it('gives searchGap null when exact search runs out of budget, and marks a looping text', async () => {
    // Two tokens at 0.5 forever, never EOS: every 32-token text ties, so best-first search explores breadth-first
    // and spends its 5,000 hypotheses (SEARCH_GAP_BUDGET) long before depth 32.
    const dir = tempDir()
    const model = path.join(dir, 'coin.json')
    fs.writeFileSync(
      model,
      JSON.stringify({
        format: 'decoding-lab/table@1',
        bos: '<s>',
        eos: '</s>',
        joiner: ' ',
        vocab: ['<s>', 'x', 'y', '</s>'],
        rules: [],
        default: { x: 0.5, y: 0.5 },
      }),
    )
    const r = await json(
      'run',
      '--model',
      model,
      '--strategy',
      'greedy',
      '--max-tokens',
      '32',
      '--db',
      path.join(dir, 'lab.sqlite'),
    )
    expect(r.runs[0].metrics.searchGap).toBeNull()
    expect(r.runs[0].metrics.searchGapNote).toBe(
      'search gap unknown (exact search: the budget of 5000 hypotheses was spent first); the optimum was not proven',
    )
    // Greedy takes x every time (ties to the lower id): "x x …" ends in a loop.
    expect(r.runs[0].sequences[0].metrics.repetitionPct).toBe(100)
    expect(r.runs[0].sequences[0].metrics.distinct1).toBe(1 / 32)
  })

  it('leaves show --json as it was', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await json('run', '--model', 'seed-weather', '--strategy', 'beam:width=2', '--db', db)
    const shown = await json('show', String(r.runs[0].id), '--db', db)
    for (const s of shown.sequences) expect(s).not.toHaveProperty('metrics')
  })
})

describe('run without --json', () => {
  it('stores the metrics too, so that reports of CLI runs show them', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const run = await cli('run', '--model', 'greedy-trap', '--strategy', 'greedy', '--db', db)
    expect(run.code).toBe(0)
    const out = path.join(dir, 'report.json')
    expect((await cli('export', 'exp:1', '--format', 'json', '--out', out, '--db', db)).code).toBe(0)
    const report = JSON.parse(fs.readFileSync(out, 'utf8'))
    // the cat </s>: surprisals 0.597837, 0.916291, 0 → perplexity 1.656504; search gap ln 0.405 − ln 0.22.
    expect(report.runs[0].metrics.sequences[0].perplexity).toBeCloseTo(1.656504, 6)
    expect(report.runs[0].metrics.searchGap).toBeCloseTo(0.61026, 5)
  })
})
