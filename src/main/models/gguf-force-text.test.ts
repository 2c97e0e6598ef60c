// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedTokens, textTokens } from '../../core/force-text'
import { type GgufLanguageModel, loadGgufModel } from './gguf-model'
import { QWEN3_IM_END, writeQwen3Gguf } from './testing/qwen3-gguf'

let dir: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-force-'))
  model = await loadGgufModel(writeQwen3Gguf(dir, 'qwen3.gguf'))
}, 60_000)

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

const name = (text: string) => namedTokens(model, text, '--force')

describe('naming any token of a byte-level vocabulary', () => {
  it('takes ids, exact texts in a JSON array, and texts as the tree shows them', async () => {
    expect(await name('#1879')).toEqual([1879])
    expect(await name('Hello #1879 #198')).toEqual([9707, 1879, 198])
    expect(await name('[" world", "\\n", "<|im_end|>", 151645]')).toEqual([1879, 198, QWEN3_IM_END, QWEN3_IM_END])
    expect(await name('␣world')).toEqual([1879])
    expect(await name('<|im_end|>')).toEqual([QWEN3_IM_END])
    // A lone byte, as the tree shows it.
    expect(await name('<98>')).toEqual([246])
  })

  it('takes a split character as show prints it: its bytes as one group, the completing token with the character', async () => {
    // 鱻 (E9 B1 BB) and 龘 (E9 BE 98), each over two tokens.
    const ids = model.tokenize('鱻龘')
    expect(ids).toEqual([100024, 119, 82912, 246])
    expect(await name('<E9 B1> <BB>鱻 <E9 BE> <98>龘')).toEqual(ids)
    expect(await name('<E9 B1> <BB> <E9 BE> <98>')).toEqual(ids)
    // The character must be one those bytes complete: 好 (E5 A5 BD) does not end in 98.
    await expect(name('<98>好')).rejects.toThrow('"<98>好" is not a token of')
    await expect(name('<98>龘x')).rejects.toThrow('"<98>龘x" is not a token of')
  })

  it('refuses a name that fits two tokens, with their ids', async () => {
    // ⏎ is the newline as the tree shows it, and a token of its own (149038) in Qwen3.
    await expect(name('⏎')).rejects.toThrow('--force: "⏎" names 2 tokens of')
    await expect(name('⏎')).rejects.toThrow('(#149038 #198); give the one you mean by its id')
  })

  it('refuses whitespace that spaces between tokens would lose, saying how to write it', async () => {
    await expect(name(' world')).rejects.toThrow(
      `--force " world": whitespace that starts a token is lost between tokens separated by spaces; " world" is token #1879: force it as #1879, ␣world or '[" world"]'`,
    )
    await expect(name('Hello  world')).rejects.toThrow(
      '--force "Hello  world": whitespace that starts a token is lost between tokens separated by spaces; write it as the tree shows it',
    )
  })

  it('refuses a text that is not one token with the tokens it would give', async () => {
    await expect(name('worlds')).rejects.toThrow(
      `--force: "worlds" is not a token of ${model.id}; give token texts separated by spaces, as show prints them; as text it tokenizes as "world" "s" (#14615 #82)`,
    )
    await expect(name('[" worlds!"]')).rejects.toThrow('--force: "␣worlds!" is not a token'.replace('␣', ' '))
    await expect(name('[" worlds!"]')).rejects.toThrow('; as text it tokenizes as "␣worlds" "!" (#23859 #0)')
    await expect(name('#151936')).rejects.toThrow(
      `--force: token id 151936 is outside the vocabulary of ${model.id} (0 to 151935)`,
    )
    await expect(name('[1,')).rejects.toThrow(
      `--force: a list of tokens must be a JSON array of token texts and ids, e.g. '[" world", 151645]'`,
    )
    await expect(name('[{"a": 1}]')).rejects.toThrow(
      '--force: a list of tokens must be a JSON array of token texts (strings) and ids (numbers)',
    )
  })

  it('tokenizes an edited branch text as a prompt, and takes the forms that name tokens', async () => {
    expect(await textTokens(model, 'Hello world', 'the branch text')).toEqual([9707, 1879])
    expect(await textTokens(model, '#1879 #198', 'the branch text')).toEqual([1879, 198])
    expect(await textTokens(model, '[" world"]', 'the branch text')).toEqual([1879])
  })
})
