// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TABLE_FORMAT } from '../../core/models/table-schema'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

function writeTable(
  dir: string,
  name: string,
  vocab: string[],
  rules: { context: string[]; next: Record<string, number> }[],
  joiner = ' ',
): string {
  const file = path.join(dir, `${name}.table.json`)
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: TABLE_FORMAT,
      name,
      vocab,
      bos: '<s>',
      eos: '</s>',
      joiner,
      rules,
      default: { '</s>': 1 },
    }),
  )
  return file
}

describe('run with mbr, vote and contrastive', () => {
  it('mbr: each sequence’s expectedUtility in run --json, the selected one chosen in the stored tree', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const model = writeTable(
      dir,
      'three',
      ['<s>', 'ab', 'abc', 'b', '</s>'],
      [{ context: ['<s>'], next: { ab: 0.4, abc: 0.35, b: 0.25 } }],
      '',
    )
    const out = await json(
      'run',
      '--model',
      model,
      '--strategy',
      'mbr:samples=6,seed=3,proposal=nucleus:p=1,utility=chrf',
      '--db',
      db,
    )
    const run = out.runs[0]
    expect(run.strategy).toEqual({
      name: 'mbr',
      params: { samples: 6, seed: 3 },
      textParams: { proposal: 'nucleus:p=1,temperature=1', utility: 'chrf' },
    })
    expect(run.sequences.map((s: { text: string }) => s.text)).toEqual(['abc', 'abc', 'ab', 'ab', 'b', 'b'])
    // By hand (sample-then-select.test.ts): 117/140, 26/33, 337/585, each twice.
    const hand = [117 / 140, 117 / 140, 26 / 33, 26 / 33, 337 / 585, 337 / 585]
    run.sequences.forEach((s: { expectedUtility: number }, i: number) =>
      expect(s.expectedUtility).toBeCloseTo(hand[i], 14),
    )
    const shown = await json('show', String(run.id), '--db', db)
    expect(shown.strategy.textParams).toEqual({ proposal: 'nucleus:p=1,temperature=1', utility: 'chrf' })
    expect(
      shown.tree.filter((n: { status: string }) => n.status === 'chosen').map((n: { text: string }) => n.text),
    ).toEqual(['', 'abc', '</s>'])
    // A JSON report carries the text parameters, and importing it gives them back.
    const report = path.join(dir, 'mbr.json')
    await json('export', `run:${run.id}`, '--format', 'json', '--out', report, '--db', db)
    const other = path.join(dir, 'other.sqlite')
    await json('import', report, '--db', other)
    const runs = await json('runs', '--db', other)
    expect(runs.runs[0].strategy).toEqual(run.strategy)
  })

  it('vote: the answers with their counts, each sequence with its answer', async () => {
    const dir = tempDir()
    const model = writeTable(
      dir,
      'arith',
      ['<s>', 'answer', 'is', '12', '7', '</s>'],
      [
        { context: ['<s>'], next: { answer: 1 } },
        { context: ['answer'], next: { is: 1 } },
        { context: ['is'], next: { '12': 0.7, '7': 0.3 } },
      ],
    )
    const out = await json(
      'run',
      '--model',
      model,
      '--strategy',
      'vote:samples=10,seed=9,answerPattern=is (\\d+)',
      '--db',
      path.join(dir, 'lab.sqlite'),
    )
    const run = out.runs[0]
    const answers = run.sequences.map((s: { answer: string }) => s.answer)
    const count = (a: string) => answers.filter((x: string) => x === a).length
    expect(count('12') + count('7')).toBe(10)
    expect(run.vote.answers.map((a: { answer: string; count: number }) => [a.answer, a.count])).toEqual(
      [
        ['12', count('12')],
        ['7', count('7')],
      ]
        .filter(([, c]) => (c as number) > 0)
        .sort((a, b) => (b[1] as number) - (a[1] as number)),
    )
    expect(run.vote.unanswered).toBe(0)
  })

  it('contrastive: the amateur given as amateur=PATH, and refused when its vocabulary differs', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const vocab = ['<s>', 'a', 'b', '</s>']
    const expert = writeTable(dir, 'expert', vocab, [{ context: ['<s>'], next: { a: 0.6, b: 0.4 } }])
    const amateur = writeTable(dir, 'amateur', vocab, [{ context: ['<s>'], next: { a: 0.9, b: 0.1 } }])
    const out = await json(
      'run',
      '--model',
      expert,
      '--strategy',
      'greedy',
      '--strategy',
      `contrastive:amateur=${amateur}`,
      '--db',
      db,
    )
    expect(out.runs[0].sequences[0].tokens).toEqual(['a', '</s>'])
    // b: log(0.4/0.1) = log 4 beats a: log(0.6/0.9); its probability is the expert's.
    expect(out.runs[1].sequences[0].tokens).toEqual(['b', '</s>'])
    expect(out.runs[1].sequences[0].probability).toBeCloseTo(0.4, 15)
    expect(out.runs[1].sequences[0].contrastiveScore).toBeCloseTo(Math.log(4), 14)
    // The stored tree keeps both models' probabilities and the score of every V_head candidate.
    const shown = await json('show', String(out.runs[1].id), '--db', db)
    const root = shown.tree.filter((n: { parent: number | null }) => n.parent === 0)
    expect(
      root.map((n: { text: string; prob: number; contrastive: { amateurProb: number } }) => [
        n.text,
        n.prob,
        n.contrastive.amateurProb,
      ]),
    ).toEqual([
      ['a', 0.6, 0.9],
      ['b', 0.4, 0.1],
    ])
    expect(root[0].contrastive.score).toBeCloseTo(Math.log(2 / 3), 14)
    expect(shown.sequences[0].contrastiveScore).toBeCloseTo(Math.log(4), 14)
    const other = writeTable(dir, 'other', ['<s>', 'a', 'c', '</s>'], [])
    const bad = await cli('run', '--model', expert, '--strategy', `contrastive:amateur=${other}`, '--db', db)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain(
      `the amateur model ${other} cannot contrast with ${expert}: token 2 is "c" there and "b" in ${expert}; contrastive decoding needs one shared vocabulary`,
    )
  })
})
