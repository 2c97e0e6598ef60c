// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

/** greedy-trap's vocabulary with other probabilities: a draft that is often wrong. */
function writeDraft(dir: string): string {
  const file = path.join(dir, 'trap-draft.json')
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'decoding-lab/table@1',
      bos: '<s>',
      eos: '</s>',
      joiner: ' ',
      vocab: ['<s>', 'the', 'a', 'cat', 'dog', 'bird', '</s>'],
      // Every proposal has a non-zero target probability, so every rejection is drawn in the tree.
      rules: [
        { context: ['<s>'], next: { the: 0.2, a: 0.8 } },
        { context: ['<s>', 'the'], next: { cat: 0.5, dog: 0.5 } },
        { context: ['<s>', 'a'], next: { cat: 0.5, dog: 0.5 } },
      ],
      default: { '</s>': 1 },
    }),
  )
  return file
}

interface Stats {
  drafted: number
  accepted: number
  rejected: number
  acceptanceRate: number
  tokens: number
  targetCalls: number
  targetCallsSaved: number
}

describe('run --strategy speculative', () => {
  it('with greedy-trap as its own draft accepts every token: one target call per sequence of three tokens', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await json(
      'run',
      '--model',
      'greedy-trap',
      '--strategy',
      'speculative:draft=greedy-trap,lookahead=2,seed=4,samples=30',
      '--db',
      db,
    )
    const [run] = r.runs
    expect(run.strategy).toEqual({
      name: 'speculative',
      draft: 'greedy-trap',
      params: { lookahead: 2, temperature: 1, seed: 4, samples: 30 },
    })
    // Every sequence is x y </s>: two drafted and accepted, the third from the same target call.
    expect(run.speculative).toEqual({
      drafted: 60,
      accepted: 60,
      rejected: 0,
      acceptanceRate: 1,
      tokens: 90,
      targetCalls: 30,
      targetCallsSaved: 60,
      draftCalls: expect.any(Number),
    })
  })

  it('reports acceptance and calls saved, stores them, and shows drafted nodes in the tree', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const draft = writeDraft(dir)
    const r = await json(
      'run',
      '--model',
      'greedy-trap',
      '--strategy',
      `speculative:draft=${draft},lookahead=2,seed=11,samples=400`,
      '--db',
      db,
    )
    const [run] = r.runs
    const s: Stats = run.speculative
    const tokens = run.sequences.reduce((n: number, x: { tokens: string[] }) => n + x.tokens.length, 0)
    expect(s.tokens).toBe(tokens)
    expect(s.targetCallsSaved).toBe(s.tokens - s.targetCalls)
    expect(s.accepted + s.rejected).toBeLessThanOrEqual(s.drafted)
    expect(s.acceptanceRate).toBeCloseTo(s.accepted / s.drafted, 12)
    expect(s.acceptanceRate).toBeGreaterThan(0)
    expect(s.acceptanceRate).toBeLessThan(1)
    const shown = await json('show', String(run.id), '--db', db)
    expect(shown.strategy.draft).toBe(draft)
    expect(shown.speculative).toEqual(s)
    const drafted = shown.tree.filter((n: { draft?: unknown }) => n.draft)
    const sum = (k: string) => drafted.reduce((n: number, x: { draft: Record<string, number> }) => n + x.draft[k], 0)
    expect(sum('accepted')).toBe(s.accepted)
    expect(sum('rejected')).toBe(s.rejected)
    const text = await cli('show', String(run.id), '--db', db)
    expect(text.out).toContain(
      `speculative: acceptance ${(100 * s.acceptanceRate).toFixed(1)}% (${s.accepted} of ${s.drafted} drafted tokens), ${s.targetCalls} target calls for ${s.tokens} tokens: ${s.targetCallsSaved} saved`,
    )
    expect(text.out).toMatch(/drafted \d+: accepted \d+, rejected \d+/)
  })

  it.each([
    [
      'no draft',
      'speculative:lookahead=2',
      /speculative needs a draft model, e\.g\. speculative:draft=seed-weather,lookahead=4/,
    ],
    ['an unknown draft', 'speculative:draft=no-such-model', /unknown model "no-such-model"/],
    [
      'a draft with another vocabulary',
      'speculative:draft=seed-weather',
      /the draft model seed-weather cannot draft for greedy-trap: its vocabulary has 5 tokens, the target's 7/,
    ],
  ])('refuses %s with exit 2, one line, and no run', async (_, spec, message) => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli('run', '--model', 'greedy-trap', '--strategy', spec, '--db', db)
    expect(r.code).toBe(2)
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1)
    expect(r.err).toMatch(message)
    expect(fs.existsSync(db)).toBe(false)
  })
})

describe('run --force', () => {
  it('forces 好 on seed-weather: every strategy continues from it, the forced token counted and marked', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await json(
      'run',
      '--model',
      'seed-weather',
      '--force',
      '好',
      '--strategy',
      'greedy',
      '--strategy',
      'beam:width=2',
      '--db',
      db,
    )
    for (const run of r.runs) {
      expect(run.strategy.forced).toEqual([3])
      expect(run.sequences[0].tokens).toEqual(['好', '<end>'])
      expect(run.sequences[0].probability).toBeCloseTo(0.4, 12)
    }
    const shown = await json('show', String(r.runs[0].id), '--db', db)
    expect(shown.strategy).toEqual({ name: 'greedy', params: {}, forced: [3] })
    const forced = shown.tree.filter((n: { forced?: boolean }) => n.forced)
    expect(forced.map((n: { text: string; status: string }) => [n.text, n.status])).toEqual([['好', 'chosen']])
    const text = await cli('run', '--model', 'seed-weather', '--force', '天 好', '--strategy', 'greedy', '--db', db)
    expect(text.out).toContain('forced: 天 好 (counted in the probabilities above)')
    expect(text.out).toContain('0.6 × 0.1 × 1.0 = 0.06')
  })

  it.each([
    [
      'a text that is no token',
      '雨',
      /--force: "雨" is not a token of seed-weather; give token texts separated by spaces, as show prints them/,
    ],
    [
      'a token of probability 0',
      '天 <end>',
      /--force: seed-weather gives "<end>" probability 0 after the prompt and "天"/,
    ],
    ['tokens after the end token', '好 <end> 天', /--force: a forced prefix can end with <end>, not go on after it/],
    ['nothing', ' ', /--force needs at least one token/],
  ])('refuses %s with exit 2 and no run', async (_, force, message) => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli('run', '--model', 'seed-weather', '--force', force, '--strategy', 'greedy', '--db', db)
    expect(r.code).toBe(2)
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1)
    expect(r.err).toMatch(message)
    expect(fs.existsSync(db)).toBe(false)
  })
})
