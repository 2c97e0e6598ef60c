// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { textTokens } from '../../../core/force-text'
import { score } from '../../../core/score'
import { loadHostedGgufModel } from '../gguf-host/hosted-gguf-model'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import { cli } from '../../testing/run-cli'
import { LLAMA2_BOS, LLAMA2_TOKENIZER_DIR, LLAMA2_VOCAB_SIZE, writeLlama2Gguf } from './llama2-gguf'
import { referenceEncoder } from './reference-tokenizer'

// The tokenizer.json's own BPE (▁ put before the text, then merges), run by transformers.js: independent of llama.cpp.
const encode = referenceEncoder(LLAMA2_TOKENIZER_DIR)

/** The tokens `text` adds after `prompt` when the two are tokenized as one text, as the reference gives them. */
function continuation(prompt: string, text: string): number[] {
  const whole = encode(prompt + text)
  const head = encode(prompt)
  // Only a boundary where no token spans the prompt's end has a continuation of its own.
  expect(whole.slice(0, head.length)).toEqual(head)
  return whole.slice(head.length)
}

let dir: string
let file: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llama2-gguf-'))
  file = writeLlama2Gguf(dir, 'llama2.gguf')
  model = await loadGgufModel(file, { threads: 1 })
}, 60_000)

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('a SentencePiece vocabulary that puts a space before the text (Llama 2)', () => {
  it('tokenizes a prompt as the tokenizer.json does: ▁ before its first word', () => {
    expect(model.bos).toBe(LLAMA2_BOS)
    for (const text of ['Hello world', 'The weather is nice', '天气很好', 'a line\nand another'])
      expect(model.tokenize(text)).toEqual(encode(text))
    expect(model.tokenize('Hello').map((id) => model.tokenText(id))).toEqual([' Hello'])
  })

  it('tokenizes a continuation as the tokens it adds after a prompt, with no space put before it', () => {
    for (const [prompt, text] of [
      ['The weather', ' is nice'],
      ['天气', '很好'],
      ['Hello', ', world'],
      ['Question?', '\nAnswer:'],
    ]) {
      expect(model.tokenize(text, 'continuation')).toEqual(continuation(prompt, text))
    }
  })

  it('gives each of the 32,000 pieces a display of its own: <0x61> is not the piece a', () => {
    const seen = new Map<string, number[]>()
    for (let id = 0; id < LLAMA2_VOCAB_SIZE; id++) {
      const t = model.tokenText(id)
      seen.set(t, [...(seen.get(t) ?? []), id])
    }
    expect([...seen.values()].filter((ids) => ids.length > 1)).toEqual([])
    expect(model.tokenText(model.tokenize('a', 'continuation')[0])).toBe('a')
  })

  it('scores a text after a prompt over its own tokens, and takes an edited branch text so', async () => {
    const prompt = model.tokenize('天气')
    const r = await score(model, prompt, model.tokenize('很好', 'continuation'))
    expect(r.tokens).toEqual(['很', '好'])
    expect(await textTokens(model, '很好', 'the branch text')).toEqual(continuation('天气', '很好'))
    // A branch text that begins with a space keeps it (a detokenizer would drop it as a text's first).
    expect(await textTokens(model, ' is nice', 'the branch text')).toEqual(continuation('The weather', ' is nice'))
    expect(await textTokens(model, 'Hello', 'the branch text', 'prompt')).toEqual(encode('Hello'))
    const out = await cli('score', '--model', file, '--prompt', 'The weather', '--text', ' is nice')
    expect(out.code, out.err).toBe(0)
    expect(
      out.out
        .split('\n')
        .slice(2, 4)
        .map((l) => l.split(/ {2,}/)[0]),
    ).toEqual([' is', ' nice'])
  }, 60_000)

  it('tokenizes so in the model host too, where the app scores', async () => {
    const hosted = await loadHostedGgufModel(file, { gpu: 'off' })
    try {
      expect(await hosted.tokenize('很好', 'continuation')).toEqual(continuation('天气', '很好'))
      expect(await hosted.tokenize('很好')).toEqual(encode('很好'))
    } finally {
      await hosted.dispose()
    }
  }, 60_000)
})
