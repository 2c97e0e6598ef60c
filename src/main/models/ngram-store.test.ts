// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../core/errors'
import { trainNgram } from '../../core/models/ngram-train'
import { useTempDir } from '../testing/temp-dir'
import { checkNgramName, listSavedNgrams, loadNgramFile, ngramFile, saveNgram, savedNgramFile } from './ngram-store'

const tempDir = useTempDir()
const train = (name: string, order = 2) =>
  trainNgram('a b\na a b\n', { name, order, unit: 'word', sourceFile: 'ab.txt' })

describe('ngram store', () => {
  it('saves NAME.ngram.json under models/, lists it and loads it back', async () => {
    const home = tempDir()
    expect(listSavedNgrams(home)).toEqual([])
    const file = saveNgram(train('ab'), home)
    expect(file).toBe(path.join(home, 'models', 'ab.ngram.json'))
    expect(fs.readdirSync(path.dirname(file))).toEqual(['ab.ngram.json'])
    expect(savedNgramFile('ab', home)).toBe(file)
    expect(savedNgramFile('cd', home)).toBeNull()
    expect(savedNgramFile('../ab', home)).toBeNull()
    expect(listSavedNgrams(home)).toEqual([
      {
        name: 'ab',
        file,
        description: 'word 2-gram, interpolated Kneser-Ney, trained on ab.txt: 2 lines, 5 words, 2 distinct',
      },
    ])
    const m = loadNgramFile(file, 'ab')
    expect(m).toMatchObject({ id: 'ab', kind: 'ngram', vocabSize: 4 })
    expect(m.probabilities([m.bos, ...m.tokenize('a')])[m.tokenize('b')[0] - 1]).toBeCloseTo(9 / 14, 12)
  })

  it('replaces a model of the same name and sees the change in the list', () => {
    const home = tempDir()
    saveNgram(train('ab', 2), home)
    expect(listSavedNgrams(home)[0].description).toMatch(/^word 2-gram/)
    const file = saveNgram(train('ab', 3), home)
    // A different size is enough for the cached description to be dropped, whatever the clock.
    expect(listSavedNgrams(home)[0].description).toMatch(/^word 3-gram/)
    expect(fs.readdirSync(path.dirname(file))).toEqual(['ab.ngram.json'])
  })

  it('lists a damaged file with the reason it cannot be loaded, and loading it is an InputError', () => {
    const home = tempDir()
    fs.mkdirSync(path.join(home, 'models'))
    fs.writeFileSync(ngramFile('broken', home), '{"format": "decoding-lab/ngram@1"')
    fs.writeFileSync(path.join(home, 'models', 'notes.txt'), 'not a model')
    const [broken, ...rest] = listSavedNgrams(home)
    expect(rest).toEqual([])
    expect(broken.name).toBe('broken')
    expect(broken.description).toMatch(/^cannot be loaded: .*broken\.ngram\.json is not a model: it is not valid JSON/)
    expect(() => loadNgramFile(ngramFile('broken', home))).toThrow(InputError)
  })

  it('accepts plain names and rejects ones that are not safe file names', () => {
    for (const ok of ['poems', 'my-poems_2', '唐诗', 'v1.2']) expect(() => checkNgramName(ok)).not.toThrow()
    const bad: [string, RegExp][] = [
      ['', /it is empty/],
      ['a/b', /path separator/],
      ['a\\b', /path separator/],
      ['..', /starts with "\."/],
      ['.hidden', /starts with "\."/],
      [' poems', /whitespace/],
      ['a\nb', /control character/],
      ['x'.repeat(101), /longer than 100/],
    ]
    for (const [name, message] of bad) expect(() => checkNgramName(name), name).toThrow(message)
    expect(() => saveNgram(train('../escape'), tempDir())).toThrow(/path separator/)
  })
})
