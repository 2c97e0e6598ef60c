// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatMessages } from '../../../core/chat'
import { decode } from '../../../core/decode'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import {
  LLAMA3_BEGIN_OF_TEXT,
  LLAMA3_END_OF_TEXT,
  LLAMA3_EOT,
  LLAMA3_TOKENIZER_DIR,
  LLAMA3_VOCAB_SIZE,
  writeLlama3Gguf,
} from './llama3-gguf'
import { referenceEncoder } from './reference-tokenizer'

// The tokenizer.json's own BPE, run by transformers.js's tokenizer code: an implementation independent of llama.cpp's.
const encode = referenceEncoder(LLAMA3_TOKENIZER_DIR)

let dir: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llama3-gguf-'))
  model = await loadGgufModel(writeLlama3Gguf(dir, 'llama3.gguf', { boost: { [LLAMA3_EOT]: 30 } }), { threads: 1 })
}, 60_000)

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('writeLlama3Gguf', () => {
  it('loads in llama.cpp with 128,256 tokens and <|begin_of_text|> prepended', () => {
    expect(model.vocabSize).toBe(LLAMA3_VOCAB_SIZE)
    expect(model.bos).toBe(LLAMA3_BEGIN_OF_TEXT)
    expect(model.eos).toBe(LLAMA3_END_OF_TEXT)
    expect(model.distributions).toEqual({ via: 'logits' })
  })

  it('tokenizes as the tokenizer.json BPE does, on English, code, Chinese and digits', async () => {
    for (const text of [
      'Hello world',
      ' def f(x):\n    return x**2',
      '床前明月光，疑是地上霜。',
      'in 2024 there were 1234567 tokens',
    ]) {
      expect(await model.tokenize(text)).toEqual(encode(text))
    }
  })

  it('renders its chat template without the <|begin_of_text|> the model prepends itself', async () => {
    const { text, ids } = await model.renderChat(chatMessages(null, 'Hello'))
    expect(text).toBe(
      '<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    )
    expect(ids).not.toContain(LLAMA3_BEGIN_OF_TEXT)
    expect(ids.filter((t) => t === LLAMA3_EOT)).toHaveLength(1)
  })

  it('ends a greedy run at <|eot_id|>, an end of generation that is not its eos', async () => {
    expect(model.endTokens).toContain(LLAMA3_EOT)
    expect(model.endTokens).toContain(LLAMA3_END_OF_TEXT)
    const run = await decode(
      model,
      await model.tokenize('Hello'),
      { name: 'greedy', params: {} },
      { maxTokens: 8, topN: 3 },
    )
    expect(run.sequences[0].tokenIds).toEqual([LLAMA3_EOT])
    expect(run.sequences[0].finished).toBe(true)
  })
})
