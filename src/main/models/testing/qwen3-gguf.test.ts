// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readGgufHeader } from '../../../core/gguf/gguf-reader'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import { QWEN3_ENDOFTEXT, QWEN3_IM_END, QWEN3_TOKENIZER_DIR, QWEN3_VOCAB_SIZE, writeQwen3Gguf } from './qwen3-gguf'
import { referenceEncoder } from './reference-tokenizer'

// The tokenizer.json's own BPE, run by transformers.js's tokenizer code: an implementation independent of llama.cpp's.
const readJson = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(QWEN3_TOKENIZER_DIR, name), 'utf8'))
const encode = referenceEncoder(QWEN3_TOKENIZER_DIR)

let dir: string
let file: string
let model: GgufLanguageModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qwen3-gguf-'))
  file = writeQwen3Gguf(dir, 'qwen3.gguf')
  model = await loadGgufModel(file)
}, 60_000)

afterAll(async () => {
  await model?.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('writeQwen3Gguf', () => {
  it('writes the Qwen3 tokenizer keys with the real chat template, the vocabulary padded to 151,936', () => {
    const header = readGgufHeader(fs.readFileSync(file))
    const meta = header.metadata
    expect(meta.get('general.architecture')).toBe('qwen3')
    expect(meta.get('tokenizer.ggml.model')).toBe('gpt2')
    expect(meta.get('tokenizer.ggml.pre')).toBe('qwen2')
    const tokens = meta.get('tokenizer.ggml.tokens') as string[]
    const types = meta.get('tokenizer.ggml.token_type') as number[]
    expect(tokens.length).toBe(151_936)
    expect((meta.get('tokenizer.ggml.merges') as string[]).length).toBe(151_387)
    expect([tokens[151_643], types[151_643], tokens[151_645], types[151_645]]).toEqual([
      '<|endoftext|>',
      3,
      '<|im_end|>',
      3,
    ])
    expect([tokens[151_667], types[151_667]]).toEqual(['<think>', 4])
    expect([tokens[151_669], types[151_669], tokens[151_935], types[151_935]]).toEqual([
      '[PAD151669]',
      5,
      '[PAD151935]',
      5,
    ])
    expect([tokens[220], types[220], tokens[198]]).toEqual(['Ġ', 1, 'Ċ'])
    expect(meta.get('tokenizer.chat_template')).toBe(
      (readJson('tokenizer_config.json') as { chat_template: string }).chat_template,
    )
    expect(header.tensors.find((t) => t.name === 'blk.0.attn_q_norm.weight')).toEqual({
      name: 'blk.0.attn_q_norm.weight',
      shape: [16],
      type: 0,
      offset: expect.any(Number),
    })
    expect(header.tensors.find((t) => t.name === 'token_embd.weight')?.type).toBe(1)
  })

  it('loads in llama.cpp with 151,936 tokens, eos <|im_end|> and no BOS prepended', () => {
    expect(model.vocabSize).toBe(QWEN3_VOCAB_SIZE)
    expect(model.eos).toBe(QWEN3_IM_END)
    expect(model.bos).toBeNull()
    expect(model.llamaModel.tokens.bos).toBe(QWEN3_ENDOFTEXT)
    expect(model.distributions).toEqual({ via: 'logits' })
  })

  it('tokenizes as the tokenizer.json BPE does', () => {
    expect(encode('Hello world')).toEqual([9707, 1879])
    expect(model.tokenize('Hello world')).toEqual([9707, 1879])
    for (const text of ['你好，世界', ' leading space\nand a newline', "it's 2026: naïve café, 龘"]) {
      expect([text, model.tokenize(text)]).toEqual([text, encode(text)])
    }
  })

  it('gives <|im_end|> one token with special tokens on, and literal pieces without', () => {
    expect(model.llamaModel.tokenize('<|im_end|>', true)).toEqual([QWEN3_IM_END])
    const literal = model.tokenize('<|im_end|>')
    expect(literal.map((id) => model.tokenText(id))).toEqual(['<', '|', 'im', '_end', '|', '>'])
    // The reference splits out added tokens always; without the closing '>' the text is not one.
    expect(literal).toEqual([...encode('<|im_end|'), 29])
    expect(encode('<|im_end|>')).toEqual([QWEN3_IM_END])
  })

  it('has llama.cpp list every Qwen3 end-of-generation token', () => {
    const eog: number[] = []
    for (let id = 0; id < QWEN3_VOCAB_SIZE; id++) if (model.llamaModel.isEogToken(id as never)) eog.push(id)
    // </s> is an ordinary Qwen3 token that llama.cpp treats as an end token by its text.
    expect(eog).toEqual([128_247, 151_643, 151_645, 151_662, 151_663, 151_664])
  })
})
