// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TABLE_FORMAT } from '../../core/models/table-schema'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

const tempDir = useTempDir()

function writeTable(dir: string, name: string, root: Record<string, number>, afterA: Record<string, number>): string {
  const file = path.join(dir, `${name}.table.json`)
  const data = {
    format: TABLE_FORMAT,
    name,
    vocab: ['<s>', 'a', 'b', '</s>'],
    bos: '<s>',
    eos: '</s>',
    joiner: ' ',
    rules: [
      { context: ['<s>'], next: root },
      { context: ['<s>', 'a'], next: afterA },
    ],
    default: { '</s>': 1 },
  }
  fs.writeFileSync(file, JSON.stringify(data))
  return file
}

describe('diff', () => {
  it('gives the first differing step and each step’s KL and TV, as JSON and as a table', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const A = writeTable(dir, 'A', { a: 0.5, b: 0.5 }, { a: 0.2, b: 0.8 })
    const B = writeTable(dir, 'B', { a: 0.75, b: 0.25 }, { a: 0.6, b: 0.4 })
    const ra = await json('run', '--model', A, '--strategy', 'greedy', '--db', db)
    const rb = await json('run', '--model', B, '--strategy', 'greedy', '--db', db)
    const [idA, idB] = [ra.runs[0].id, rb.runs[0].id]
    const d = await json('diff', String(idA), String(idB), '--db', db)
    // A: a b </s>; B: a a </s>. Step 0: KL(A‖B) = ½ ln(4/3), TV 0.25; step 1: KL = 0.2 ln(1/3) + 0.8 ln 2, TV 0.4.
    expect(d.firstDifference).toBe(1)
    expect(d.steps.map((s: { textA: string; textB: string }) => [s.textA, s.textB])).toEqual([
      ['a', 'a'],
      ['b', 'a'],
    ])
    expect(d.steps[0].klAB).toBeCloseTo(0.5 * Math.log(4 / 3), 14)
    expect(d.steps[0].tv).toBeCloseTo(0.25, 14)
    expect(d.steps[1].klAB).toBeCloseTo(0.2 * Math.log(1 / 3) + 0.8 * Math.log(2), 14)
    expect(d.steps[1].tv).toBeCloseTo(0.4, 14)
    expect(d.largestChosenDifference).toMatchObject({ step: 0, text: 'a', probA: 0.5, probB: 0.75, difference: 0.25 })
    const text = await cli('diff', String(idA), String(idB), '--db', db)
    expect(text.code).toBe(0)
    expect(text.out).toContain(`first difference at step 2: "b" in run ${idA}, "a" in run ${idB}`)
    expect(text.out).toContain('0.2500  █████···············')
  })

  it('refuses runs of different prompts and runs that are not there', async () => {
    const dir = tempDir()
    const db = path.join(dir, 'lab.sqlite')
    const A = writeTable(dir, 'A', { a: 0.5, b: 0.5 }, { a: 0.2, b: 0.8 })
    const r1 = await json('run', '--model', A, '--strategy', 'greedy', '--db', db)
    const r2 = await json('run', '--model', A, '--prompt', 'a', '--strategy', 'greedy', '--db', db)
    const bad = await cli('diff', String(r1.runs[0].id), String(r2.runs[0].id), '--db', db)
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('have different prompts ("" and "a"); diff compares runs of the same prompt')
    const missing = await cli('diff', String(r1.runs[0].id), '99', '--db', db)
    expect(missing.err).toContain('diff: no run 99 in')
    expect((await cli('diff', 'x', '1', '--db', db)).err).toContain(
      'RUN_A and RUN_B must be positive whole numbers, got "x"',
    )
  })
})
