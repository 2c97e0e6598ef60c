// @vitest-environment node
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatMessages } from '../../../core/chat'
import { decode } from '../../../core/decode'
import { type HostedGgufModel, loadHostedGgufModel } from '../gguf-host/hosted-gguf-model'
import { type GgufLanguageModel, loadGgufModel } from '../gguf-model'
import { type RunningServer, startLlamaServer } from '../remote/testing/llama-server'
import {
  GEMMA3_BOS,
  GEMMA3_END_OF_TURN,
  GEMMA3_EOS,
  GEMMA3_START_OF_TURN,
  GEMMA3_TOKENIZER_DIR,
  GEMMA3_VOCAB_SIZE,
  writeGemma3Gguf,
} from './gemma3-gguf'
import { referenceEncoder } from './reference-tokenizer'

// The tokenizer.json's own BPE, run by transformers.js's tokenizer code: an implementation independent of llama.cpp's.
const encode = referenceEncoder(GEMMA3_TOKENIZER_DIR)

let dir: string
const models = new Map<string, GgufLanguageModel>()

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gemma3-gguf-'))
  for (const tokenizer of ['gemma3', 'gemma4'] as const) {
    const file = writeGemma3Gguf(dir, `${tokenizer}.gguf`, { boost: { [GEMMA3_END_OF_TURN]: 30 }, tokenizer })
    models.set(tokenizer, await loadGgufModel(file, { threads: 1 }))
  }
}, 120_000)

afterAll(async () => {
  for (const m of models.values()) await m.dispose()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe.each([
  ['gemma3', "llama.cpp's SentencePiece tokenizer"],
  ['gemma4', "llama.cpp's BPE tokenizer with ▁ for a space (Gemma 4's GGUF files)"],
])('writeGemma3Gguf (%s): 262,144 pieces with byte fallback, through %s', (tokenizer) => {
  let model: GgufLanguageModel
  beforeAll(() => {
    model = models.get(tokenizer) as GgufLanguageModel
  })

  it('loads in llama.cpp with <bos> prepended, and ends at <eos> and <end_of_turn> as llama.cpp lists them', () => {
    expect(model.vocabSize).toBe(GEMMA3_VOCAB_SIZE)
    expect(model.bos).toBe(GEMMA3_BOS)
    expect(model.eos).toBe(GEMMA3_EOS)
    // llama.cpp also counts </s> (212) among the ends of generation, by its text.
    expect([...model.endTokens].sort((a, b) => a - b)).toEqual([GEMMA3_EOS, GEMMA3_END_OF_TURN, 212])
  })

  it('tokenizes as the tokenizer.json BPE does, on English, code, Chinese, digits and byte fallback', async () => {
    for (const text of [
      'Hello world',
      ' def f(x):\n    return x**2',
      '床前明月光，疑是地上霜。',
      'in 2024 there were 1234567 tokens',
      '龘𝄞 and 🦜',
      'café naïve. Done, ok!',
      'a\n\nb',
    ]) {
      expect(await model.tokenize(text)).toEqual(encode(text))
    }
  })

  it('shows ▁ as a space, whitespace pieces as their whitespace, byte-fallback pieces as <XX>', async () => {
    expect(await model.tokenize(' def f(x):\n    return')).toEqual([1096, 517, 236769, 236781, 1473, 107, 140, 2060])
    expect([1096, 107, 140, 2060, GEMMA3_END_OF_TURN].map((id) => model.tokenText(id))).toEqual([
      ' def',
      '\n',
      '    ',
      'return',
      '<end_of_turn>',
    ])
    // 龘 (E9 BE 98) is not a piece: it falls back to its three bytes.
    const rare = await model.tokenize('龘')
    expect(rare.map((id) => model.tokenText(id))).toEqual(['<E9>', '<BE>', '<98>'])
    expect(rare.map((id) => [...(model.tokenBytes(id) ?? [])])).toEqual([[0xe9], [0xbe], [0x98]])
    // ▁. and . differ by their space; a piece can begin with a byte-order mark.
    expect([783, 236761, 135260, 715, 123125, 236859].map((id) => model.tokenText(id))).toEqual([
      ' .',
      '.',
      '\ufeff//',
      '//',
      'caf',
      'é',
    ])
  })

  it('gives each of the 262,144 pieces a display of its own: the byte-fallback piece <0x0A> is not the piece \\n', () => {
    expect([107, 248].map((id) => model.tokenText(id))).toEqual(['\n', '<0A>'])
    expect(model.tokenBytes(248)).toBeNull()
    const seen = new Map<string, number[]>()
    for (let id = 0; id < GEMMA3_VOCAB_SIZE; id++) {
      const t = model.tokenText(id)
      seen.set(t, [...(seen.get(t) ?? []), id])
    }
    expect([...seen.values()].filter((ids) => ids.length > 1)).toEqual([])
  })

  it('shows a character spelled in byte-fallback pieces completed on the piece that finishes it', async () => {
    const forced = await model.tokenize('龘好')
    const { sequences } = await decode(
      model,
      await model.tokenize('天气'),
      { name: 'greedy', params: {}, forced },
      { maxTokens: 1, topN: 3 },
    )
    expect(sequences[0].tokens.slice(0, 4)).toEqual(['<E9>', '<BE>', '<98>龘', '好'])
  })

  it('renders the Gemma 3 chat template without its <bos>, the system prompt folded into the user turn', async () => {
    const { text, ids } = await model.renderChat(chatMessages('Be brief.', 'Hello world'))
    // The model prepends <bos> itself, so the template's is dropped, as llama.cpp does.
    expect(text).toBe('<start_of_turn>user\nBe brief.\n\nHello world<end_of_turn>\n<start_of_turn>model\n')
    expect(ids[0]).toBe(GEMMA3_START_OF_TURN)
    expect(ids.filter((t) => t === GEMMA3_BOS)).toEqual([])
    expect(ids.filter((t) => t === GEMMA3_START_OF_TURN)).toHaveLength(2)
    expect(ids.filter((t) => t === GEMMA3_END_OF_TURN)).toHaveLength(1)
  })

  it('ends a greedy run at <end_of_turn>, an end of generation that is not its eos', async () => {
    const run = await decode(
      model,
      await model.tokenize('Hello'),
      { name: 'greedy', params: {} },
      { maxTokens: 8, topN: 3 },
    )
    expect(run.sequences[0].tokenIds).toEqual([GEMMA3_END_OF_TURN])
    expect(run.sequences[0].finished).toBe(true)
  })
})

describe('the Gemma 3 chat template against llama-server --jinja', () => {
  let server: RunningServer
  let hosted: HostedGgufModel

  beforeAll(async () => {
    const file = path.join(dir, 'gemma3.gguf')
    ;[server, hosted] = await Promise.all([
      startLlamaServer(file, { parallel: 1, extraArgs: ['--jinja'] }),
      loadHostedGgufModel(file, { gpu: 'off' }),
    ])
  }, 120_000)

  afterAll(async () => {
    await hosted?.dispose()
    await server?.stop()
  })

  it.each([
    ['a user turn', chatMessages(null, 'Hello world')],
    ['a system turn, then the user', chatMessages('Be brief.', 'Hello world')],
    ['Chinese, several lines', chatMessages('你是一位诗人。', '写一首关于春天的诗。\n要押韵。')],
  ])('renders %s exactly as /apply-template does, and tokenizes it as llama-server does', async (_what, messages) => {
    const ours = await hosted.renderChat(messages)
    const r = await fetch(`${server.url}/apply-template`, { method: 'POST', body: JSON.stringify({ messages }) })
    expect(ours.text).toBe(((await r.json()) as { prompt: string }).prompt)
    const t = await fetch(`${server.url}/tokenize`, {
      method: 'POST',
      body: JSON.stringify({ content: ours.text, add_special: false, parse_special: true }),
    })
    expect(ours.ids).toEqual(((await t.json()) as { tokens: number[] }).tokens)
  })
})
