import fs from 'node:fs'
import path from 'node:path'

interface TokenizerJson {
  model: { vocab: Record<string, number>; merges: (string | [string, string])[] }
  added_tokens: { id: number; content: string; special: boolean }[]
}

export interface HfVocabulary {
  tokens: string[]
  types: number[]
  merges: string[]
  /** tokenizer_config.json's chat_template. */
  template: string
  config: { bos_token?: string; eos_token?: string; chat_template: string }
}

const cached = new Map<string, HfVocabulary>()

/** Token types as llama.cpp numbers them. */
const NORMAL = 1
const CONTROL = 3
const USER_DEFINED = 4
const UNUSED = 5

/**
 * A Hugging Face tokenizer folder's vocabulary as convert_hf_to_gguf.py writes it: special added tokens
 * (and ones that look special, `<|…|>`) are control tokens, other added tokens (Qwen3's `<think>`,
 * `<tool_call>`) user-defined, and ids without a token up to `size` `[PAD<id>]`, unused.
 */
export function hfVocabulary(dir: string, size: number): HfVocabulary {
  const key = `${dir}\0${size}`
  const hit = cached.get(key)
  if (hit) return hit
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as TokenizerJson
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as HfVocabulary['config']
  const tokens: string[] = Array.from({ length: size }, (_, i) => `[PAD${i}]`)
  const types: number[] = new Array<number>(size).fill(UNUSED)
  for (const [text, id] of Object.entries(json.model.vocab)) {
    tokens[id] = text
    types[id] = NORMAL
  }
  for (const t of json.added_tokens) {
    tokens[t.id] = t.content
    types[t.id] = t.special || (t.content.startsWith('<|') && t.content.endsWith('|>')) ? CONTROL : USER_DEFINED
  }
  const merges = json.model.merges.map((m) => (typeof m === 'string' ? m : `${m[0]} ${m[1]}`))
  const vocabulary = { tokens, types, merges, template: config.chat_template, config }
  cached.set(key, vocabulary)
  return vocabulary
}

export interface SentencePieceVocabulary {
  tokens: string[]
  types: number[]
  scores: number[]
  /** The tokenizer.json's BPE merges, as llama.cpp's BPE tokenizer reads them ("a b"). */
  merges: string[]
  config: { bos_token?: string; eos_token?: string; chat_template: string }
}

const UNKNOWN = 2
const BYTE = 6

/**
 * A SentencePiece-style (Gemma, Llama 2) Hugging Face tokenizer folder as llama.cpp's "llama" tokenizer
 * reads it: pieces with `▁` for a space, `<0xNN>` byte-fallback pieces typed as bytes, special added
 * tokens control, other added ones user-defined, `<unk>` unknown. llama.cpp merges by score where the
 * tokenizer.json has BPE merges; a SentencePiece BPE model scores a piece by minus its rank, and the
 * ids of such a vocabulary are in merge order, so the score is minus the id.
 */
export function sentencePieceVocabulary(dir: string, size: number): SentencePieceVocabulary {
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as TokenizerJson
  const config = JSON.parse(
    fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'),
  ) as SentencePieceVocabulary['config']
  const tokens: string[] = Array.from({ length: size }, (_, i) => `[PAD${i}]`)
  const types: number[] = new Array<number>(size).fill(UNUSED)
  const scores: number[] = new Array<number>(size).fill(0)
  for (const [text, id] of Object.entries(json.model.vocab)) {
    tokens[id] = text
    types[id] = /^<0x[0-9A-F]{2}>$/.test(text) ? BYTE : NORMAL
    scores[id] = -id
  }
  // Gemma 3's image token (262,144) lies past the text vocabulary, and its GGUF files leave it out.
  for (const t of json.added_tokens.filter((a) => a.id < size)) {
    types[t.id] = t.content === '<unk>' ? UNKNOWN : t.special ? CONTROL : USER_DEFINED
    // convert_hf_to_gguf.py writes a user-defined token's ▁ as the space it stands for.
    tokens[t.id] = types[t.id] === USER_DEFINED ? t.content.replaceAll('▁', ' ') : t.content
    scores[t.id] = 0
  }
  const merges = json.model.merges.map((m) => (typeof m === 'string' ? m : `${m[0]} ${m[1]}`))
  return { tokens, types, scores, merges, config }
}
