// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { cli, json } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'

// DATA_DIR is read when src/main/paths.ts loads: point it at a temporary folder before any import.
const home = await vi.hoisted(async () => {
  const { mkdtempSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'decoding-lab-home-'))
  process.env.DECODING_LAB_HOME = dir
  return dir
})
afterAll(() => fs.rmSync(home, { recursive: true, force: true }))

const tempDir = useTempDir()

function textFile(content: string | Buffer, name = 'corpus.txt'): string {
  const file = path.join(tempDir(), name)
  fs.writeFileSync(file, content)
  return file
}

describe('models add-ngram', () => {
  it('trains, saves under the data folder, lists the model, and runs it by name', async () => {
    const file = textFile('a b\na a b\n')
    const added = await json(
      'models',
      'add-ngram',
      '--text',
      file,
      '--order',
      '2',
      '--unit',
      'word',
      '--name',
      'ab-words',
    )
    expect(added.model).toMatchObject({ id: 'ab-words', kind: 'ngram', builtin: false })
    expect(added.model.description).toBe(
      'word 2-gram, interpolated Kneser-Ney, trained on corpus.txt: 2 lines, 5 words, 2 distinct',
    )
    expect(added.file).toBe(path.join(home, 'models', 'ab-words.ngram.json'))
    expect(added.replaced).toBe(false)
    expect(added.discounts).toEqual([1 / 2, 1 / 7])
    expect(JSON.parse(fs.readFileSync(added.file, 'utf8')).format).toBe('decoding-lab/ngram@1')

    const listed = await json('models')
    expect(listed.models.find((m: { id: string }) => m.id === 'ab-words')).toEqual(added.model)
    expect(listed.models.find((m: { id: string }) => m.id === 'seed-weather')).toMatchObject({ builtin: true })

    // Greedy by hand (see ngram-model.test.ts): P(a|<s>) = 27/28, P(b|a) = 9/14, P(</s>|b) = 53/56.
    const r = await json(
      'run',
      '--model',
      'ab-words',
      '--strategy',
      'greedy',
      '--db',
      path.join(tempDir(), 'lab.sqlite'),
    )
    expect(r.model).toEqual({ id: 'ab-words', kind: 'ngram', vocabSize: 4 })
    const [seq] = r.runs[0].sequences
    expect(seq.tokens).toEqual(['a', 'b', '</s>'])
    expect(seq.text).toBe('a b')
    expect(seq.finished).toBe(true)
    expect(seq.probability).toBeCloseTo((27 / 28) * (9 / 14) * (53 / 56), 12)

    const scored = await json('score', '--model', 'ab-words', '--text', 'a b', '--eos')
    expect(scored.probability).toBeCloseTo((27 / 28) * (9 / 14) * (53 / 56), 12)

    // The saved file loads by path too.
    const byPath = await json('score', '--model', added.file, '--text', 'a')
    expect(byPath.probability).toBeCloseTo(27 / 28, 12)
  })

  it('trains a char model on Chinese text with a prompt, and replaces a model of the same name', async () => {
    const file = textFile('床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n')
    const first = await cli(
      'models',
      'add-ngram',
      '--text',
      file,
      '--order',
      '3',
      '--unit',
      'char',
      '--name',
      'jingyesi',
    )
    expect(first.code, first.err).toBe(0)
    expect(first.out).toMatch(
      /^saved jingyesi: char 3-gram, interpolated Kneser-Ney, trained on corpus\.txt: 2 lines, 24 characters, 19 distinct\n/,
    )
    const r = await json(
      'run',
      '--model',
      'jingyesi',
      '--prompt',
      '举头望',
      '--strategy',
      'greedy',
      '--db',
      path.join(tempDir(), 'lab.sqlite'),
    )
    expect(r.runs[0].sequences[0].text).toBe('明月，低头思故乡。')
    const again = await json(
      'models',
      'add-ngram',
      '--text',
      file,
      '--order',
      '2',
      '--unit',
      'char',
      '--name',
      'jingyesi',
    )
    expect(again.replaced).toBe(true)
    expect(again.model.description).toMatch(/^char 2-gram/)
  })

  it('tells the user an unknown prompt symbol with exit 2', async () => {
    await json('models', 'add-ngram', '--text', textFile('abc\n'), '--order', '2', '--unit', 'char', '--name', 'abc')
    const r = await cli(
      'run',
      '--model',
      'abc',
      '--prompt',
      'abz',
      '--strategy',
      'greedy',
      '--db',
      path.join(tempDir(), 'lab.sqlite'),
    )
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      'error: cannot tokenize "abz": "z" at character 3 is not in the vocabulary of abc, which has only the characters of its training text\n',
    )
  })
})

describe('models add-ngram: bad input exits with code 2 and one line naming the fault', () => {
  const cases: [string, string | Buffer | null, string[], RegExp][] = [
    ['empty file', '', [], /corpus\.txt is empty/],
    ['only whitespace', ' \n\n\t\n', [], /corpus\.txt has only whitespace/],
    ['NUL bytes', Buffer.from('ab\u0000cd\n'), [], /corpus\.txt contains NUL bytes: it looks like binary data/],
    ['invalid UTF-8', Buffer.from([0x61, 0x62, 0xff, 0xfe, 0x0a]), [], /corpus\.txt is not valid UTF-8 text/],
    ['missing file', null, [], /cannot read --text .*corpus\.txt: ENOENT/],
    ['order 0', 'ab\n', ['--order', '0'], /--order must be a whole number >= 1, got "0"/],
    ['negative order', 'ab\n', ['--order', '-2'], /--order must be a whole number >= 1, got "-2"/],
    ['fractional order', 'ab\n', ['--order', '2.5'], /--order must be a whole number >= 1, got "2\.5"/],
    ['order not a number', 'ab\n', ['--order', 'three'], /--order must be a whole number >= 1, got "three"/],
    ['order too high', 'ab\n', ['--order', '11'], /--order must be at most 10, got 11/],
    ['unknown unit', 'ab\n', ['--unit', 'byte'], /--unit must be char or word, got "byte"/],
    ['missing --name', 'ab\n', ['--name', null as unknown as string], /models add-ngram: --name is required/],
    ['missing --text', null, ['--text', null as unknown as string], /models add-ngram: --text is required/],
    ['name with a slash', 'ab\n', ['--name', '../evil'], /bad model name "\.\.\/evil": it contains a path separator/],
    ['name with a backslash', 'ab\n', ['--name', 'a\\b'], /bad model name "a\\\\b": it contains a path separator/],
    ['empty name', 'ab\n', ['--name', ''], /bad model name "": it is empty/],
    [
      'built-in name',
      'ab\n',
      ['--name', 'seed-weather'],
      /--name "seed-weather" is a built-in model's id; choose another name/,
    ],
    ['unknown flag', 'ab\n', ['--smoothing', 'kn'], /models add-ngram: .*--smoothing/],
  ]
  for (const [name, content, overrides, message] of cases) {
    it(name, async () => {
      const dir = tempDir()
      const file = path.join(dir, 'corpus.txt')
      if (content !== null) fs.writeFileSync(file, content)
      const opts: Record<string, string | null> = {
        '--text': file,
        '--order': '2',
        '--unit': 'char',
        '--name': 'bad-input',
      }
      const extra: string[] = []
      for (let i = 0; i < overrides.length; i += 2) {
        if (overrides[i] in opts) opts[overrides[i]] = overrides[i + 1]
        else extra.push(overrides[i], overrides[i + 1])
      }
      const args = Object.entries(opts).flatMap(([flag, value]) => (value === null ? [] : [flag, value]))
      const r = await cli('models', 'add-ngram', ...args, ...extra)
      expect(r.code).toBe(2)
      expect(r.out).toBe('')
      expect(r.err.split('\n').filter(Boolean)).toHaveLength(1)
      expect(r.err).toMatch(message)
      expect(fs.existsSync(path.join(home, 'models', 'bad-input.ngram.json'))).toBe(false)
    })
  }
})
