import fs from 'node:fs'
import os from 'node:os'
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp'
import { DecodeError, InputError, throwIfAborted, TokenizeError } from '../../core/errors'
import { checkGgufHeader, estimateMemoryBytes, formatBytes } from '../../core/gguf/gguf-check'
import { tokenizerLoadError } from '../../core/gguf/tokenizer-check'
import type { GgufHeader } from '../../core/gguf/gguf-reader'
import { ggufQuantisation } from '../../core/gguf/quantisation'
import type { ModelDescription, ModelFile } from '../../core/model-description'
import { byteForm, byteLevelBytes, displayAfter, spellsBytes } from '../../core/token-bytes'
import type { Distribution, LanguageModel, TokenId } from '../../core/types'
import type { ChatMessage, RenderedChat } from '../../core/chat'
import { modelFileOf } from '../provenance/file-hash'
import { chatTemplateOf, renderChatPrompt, templateSha256 } from './gguf-chat'
import { describeGguf } from './gguf-description'
import { type GpuLayers, type GpuMode, type GpuUse, gpuModeFromEnv, gpuOfRuntime } from './gguf-gpu'
import { argmaxOf, captureLogits, type LogitsCapture, summarizeRow, summaryOf } from './gguf-logits/logits-reader'
import { LogitsPool } from './gguf-logits/logits-pool'

/** What one step of node-llama-cpp's evaluateWithMetadata stream yields. */
type LlamaContextSequenceMetadataStep = { token: Token; confidence?: number }

export interface GgufModelOptions {
  /** Threads per evaluation; by default 1 for a tiny model, else one less than the cores (at most 8). */
  threads?: number
  /** Tokens each sequence can hold, up to the model's training context (more is refused); by default that, at most 1024. */
  contextSize?: number
  /** Contexts evaluated at once (one KV cache each); beams of up to this width run as one batch. */
  sequences?: number
  /** 'map' skips the logits addon and takes node-llama-cpp's probability Map (for comparisons). */
  distributions?: 'logits' | 'map'
  /** 'off' runs on the CPU; by default 'auto' (a GPU backend where one loads), or DECODING_LAB_GPU. */
  gpu?: GpuMode
  /** Layers offloaded to the GPU; 'auto' (the default) as many as fit. */
  gpuLayers?: GpuLayers
}

export interface GgufStats {
  /** Tokens run through the model, each costing one forward position. */
  tokensEvaluated: number
  /** Next-token distributions returned. */
  distributions: number
  /** Calls answered by greedy's evaluation ahead (lookahead), and evaluations ahead that no call asked for. */
  aheadHits: number
  aheadMisses: number
}

export interface GgufLanguageModel extends LanguageModel {
  readonly kind: 'gguf'
  tokenize(text: string, at?: 'prompt' | 'continuation'): TokenId[]
  readonly stats: GgufStats
  readonly contextSize: number
  readonly endTokens: readonly TokenId[]
  tokenBytes(id: TokenId): Uint8Array | null
  readonly threads: number
  /**
   * How distributions leave llama.cpp: raw logits through the project's addon, or node-llama-cpp's Map
   * (several times slower on large vocabularies); `why` says why the addon is not in use.
   */
  readonly distributions: { via: 'logits' } | { via: 'map'; why: string }
  /** What llama.cpp runs the model on, with why the GPU is not used where it could not be. */
  readonly gpu: GpuUse
  /** The hash of `tokenizer.chat_template`, when the model has one. */
  readonly chatTemplate: { sha256: string } | null
  renderChat(messages: ChatMessage[]): Promise<RenderedChat>
  /** node-llama-cpp's model, for comparing with its own generation. */
  readonly llamaModel: LlamaModel
  readonly file: ModelFile
  describe(): ModelDescription
  nextMany(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]>
  /**
   * For a caller that copies every nextMany result (the model host): logits rows then reuse earlier
   * calls' buffers, once releaseLogits() has been called for every call that returned.
   */
  poolLogits(): void
  releaseLogits(): void
  /** Greedy's hint: evaluate the most probable continuation of a one-context call at once (see LanguageModel). */
  lookahead(on: boolean): void
  /** Frees the context and the model (llama.cpp itself stays loaded for the next model). */
  dispose(): Promise<void>
}

const DEFAULT_SEQUENCES = 4
const MAX_DEFAULT_CONTEXT = 1024
/** Below this, thread synchronisation costs more than a second core gives (0.5 vs 24 ms/token on 2 cores). */
const TINY_MODEL_BYTES = 32 * 2 ** 20
const MAX_DEFAULT_THREADS = 8

/** Loads a GGUF file with llama.cpp (on a GPU where one loads) behind the LanguageModel interface. */
/** `id` names the model in runs and messages: a built-in id, or the path. */
export async function loadGgufModel(
  path: string,
  opts: GgufModelOptions = {},
  id: string = path,
): Promise<GgufLanguageModel> {
  for (const name of ['threads', 'contextSize', 'sequences'] as const) {
    const value = opts[name]
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      throw new InputError(`${name} must be a whole number >= 1, got ${value}`)
  }
  const { header, size } = inspectGgufFile(path)
  const sequences = opts.sequences ?? DEFAULT_SEQUENCES
  const contextSize = contextSizeFor(header, opts, id)
  const needed = estimateMemoryBytes(header, size, contextSize, sequences)
  if (needed > os.freemem()) {
    throw new InputError(
      `${path} is too large for this machine's memory: it needs about ${formatBytes(needed)}, ${formatBytes(os.freemem())} is free`,
    )
  }
  const gpuLayers = opts.gpuLayers ?? 'auto'
  if (gpuLayers !== 'auto' && !(Number.isInteger(gpuLayers) && gpuLayers >= 0))
    throw new InputError(`gpuLayers must be auto or a whole number >= 0, got ${gpuLayers}`)
  const mode = opts.gpu ?? gpuModeFromEnv()
  const rt = await sharedRuntime(mode)
  const model = await loadNative(rt, path, mode === 'off' ? 0 : gpuLayers)
  const gpu: GpuUse = {
    ...(await gpuOfRuntime(
      rt.llama,
      mode,
      rt.logs.map((l) => l.text),
    )),
    layers: model.gpuLayers,
  }
  // One core stays with the JS thread, which turns every distribution into a Map (on 2 cores, a 32k-vocabulary
  // model ran at 21 ms per full distribution with 1 thread and 33 ms with 2).
  const threads =
    opts.threads ??
    (size < TINY_MODEL_BYTES ? 1 : Math.max(1, Math.min(os.availableParallelism() - 1, MAX_DEFAULT_THREADS)))
  let context: LlamaContext
  const dispatch: DispatchControl = { now: false }
  try {
    context = await model.createContext({
      contextSize,
      sequences,
      threads,
      // As node-llama-cpp does (the next cycle, so that a beam's sequences make one batch), except for an
      // evaluation ahead, which is alone and should start before the caller's own work on the last step.
      batching: {
        dispatchSchedule: (run) => {
          if (!dispatch.now) return void setImmediate(run)
          dispatch.now = false
          run()
        },
      },
    })
  } catch (err) {
    await model.dispose()
    throw new InputError(`cannot create a context for ${path}: ${(err as Error).message}`)
  }
  return new GgufModel(
    id,
    path,
    header,
    model,
    context,
    threads,
    opts.distributions ?? 'logits',
    gpu,
    contextSize,
    dispatch,
  )
}

/** The context size a model gets: the one asked for, up to its trained length (more is refused), else that length, at most 1,024. */
export function contextSizeFor(header: GgufHeader, opts: GgufModelOptions, id: string): number {
  const arch = String(header.metadata.get('general.architecture'))
  const trained = Number(header.metadata.get(`${arch}.context_length`)) || MAX_DEFAULT_CONTEXT
  if (opts.contextSize !== undefined && opts.contextSize > trained) {
    throw new InputError(
      `a context size of ${opts.contextSize} tokens is more than ${id} was trained for (${trained}): give at most ${trained}`,
    )
  }
  return opts.contextSize ?? Math.min(trained, MAX_DEFAULT_CONTEXT)
}

/** Reads and checks a GGUF file's header without loading the model; InputErrors say what is wrong. */
export function inspectGgufFile(path: string): { header: GgufHeader; size: number } {
  let fd: number
  try {
    fd = fs.openSync(path, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError(
      code === 'ENOENT' ? `model file not found: ${path}` : `cannot read model file ${path}: ${code ?? String(err)}`,
    )
  }
  try {
    const stat = fs.fstatSync(fd)
    if (!stat.isFile()) throw new InputError(`${path} is not a file`)
    const header = checkGgufHeader(path, {
      size: stat.size,
      read: (offset, length) => {
        const buf = Buffer.alloc(length)
        return buf.subarray(0, fs.readSync(fd, buf, 0, length, offset))
      },
    })
    return { header, size: stat.size }
  } finally {
    fs.closeSync(fd)
  }
}

interface Runtime {
  llama: Llama
  /** llama.cpp's warnings and errors, numbered: its load errors say more than the thrown "Failed to load model". */
  logs: { n: number; text: string }[]
}

/** By GPU mode: a process that loads models on the CPU and on the GPU has one llama.cpp of each. */
const runtimes = new Map<GpuMode, Promise<Runtime>>()
let logSink: ((line: string) => void) | null = null

/** Also hands llama.cpp's warnings and errors to `sink` (a model host writes them to its stderr). */
export function setLlamaLogSink(sink: (line: string) => void): void {
  logSink = sink
}

/**
 * One llama.cpp instance per process, shared by every model and kept until exit (node-llama-cpp frees
 * it then). Disposing it can hang for ever: a failed loadModel leaves a dispose guard on it until GC.
 */
async function sharedRuntime(mode: GpuMode): Promise<Runtime> {
  let runtime = runtimes.get(mode)
  runtime ??= (async () => {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp')
    const logs: Runtime['logs'] = []
    let n = 0
    // Prebuilt binaries only (CPU, CUDA, Vulkan, Metal ship with node-llama-cpp): never a build from source at run time.
    const llama = await getLlama({
      gpu: mode === 'auto' ? 'auto' : false,
      build: 'never',
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        logs.push({ n: n++, text: `${level}: ${message}` })
        logSink?.(`${level}: ${message}`)
        if (logs.length > 50) logs.shift()
      },
    })
    return { llama, logs }
  })()
  runtimes.set(mode, runtime)
  try {
    return await runtime
  } catch (err) {
    runtimes.delete(mode)
    throw new InputError(`cannot start llama.cpp: ${(err as Error).message}`)
  }
}

async function loadNative({ llama, logs }: Runtime, path: string, gpuLayers: GpuLayers): Promise<LlamaModel> {
  const since = logs.length > 0 ? logs[logs.length - 1].n : -1
  try {
    return await llama.loadModel({ modelPath: path, gpuLayers: llama.gpu === false ? 0 : gpuLayers })
  } catch (err) {
    // llama.cpp's own reason arrives through the logger, sometimes just after the rejection.
    let reason: string | undefined
    for (let wait = 0; wait < 50 && !reason; wait++) {
      reason = logs
        .filter((l) => l.n > since)
        .map((l) => /error loading model: (.*)/.exec(l.text)?.[1])
        .findLast(Boolean)
      if (!reason) await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const arch = reason && /unknown model architecture: '([^']*)'/.exec(reason)
    if (arch) throw new InputError(`${path}: unsupported model architecture "${arch[1]}" (llama.cpp cannot run it)`)
    const vocabulary = reason && /error loading model vocabulary: (.*)/.exec(reason)
    if (vocabulary) throw new InputError(tokenizerLoadError(path, vocabulary[1]))
    throw new InputError(`cannot load ${path}: ${reason ?? (err as Error).message}`)
  }
}

class GgufModel implements GgufLanguageModel {
  readonly kind = 'gguf' as const
  readonly vocabSize: number
  readonly bos: TokenId | null
  readonly eos: TokenId
  readonly endTokens: readonly TokenId[]
  readonly stats: GgufStats = { tokensEvaluated: 0, distributions: 0, aheadHits: 0, aheadMisses: 0 }
  readonly contextSize: number
  readonly distributions: GgufLanguageModel['distributions']
  private readonly sequences: LlamaContextSequence[]
  private readonly vocab: readonly string[]
  private readonly unknown: TokenId | null
  private readonly endSet: ReadonlySet<TokenId>
  /** For a SentencePiece vocabulary missing byte tokens: its tokens, to refuse what llama.cpp would crash on. */
  private readonly spmWithoutBytes: Set<string> | null
  private readonly texts = new Map<TokenId, string>()
  private readonly types: readonly number[]
  /** A byte-level BPE vocabulary (tokenizer.ggml.model gpt2, not Gemma 4's): each normal token's text spells its bytes. */
  private readonly byteLevel: boolean
  /** A vocabulary whose normal tokens write a space as ▁ (SentencePiece, Gemma 4's BPE…). */
  private readonly escapesSpaces: boolean
  /** ASCII bytes whose byte-fallback piece (<0x0A>) has a twin: a piece of its own for the same character (\n). */
  private readonly asciiTwins: Set<number>
  /** llama.cpp puts a space before a text it tokenizes (SentencePiece, unless add_space_prefix is false: Llama 2, Mistral). */
  private readonly spacePrefix: boolean
  private readonly bytes = new Map<TokenId, Uint8Array | null>()
  private readonly streams = new Map<
    LlamaContextSequence,
    AsyncGenerator<LlamaContextSequenceMetadataStep, void, Token[]>
  >()
  private queue: Promise<unknown> = Promise.resolve()
  private disposed = false
  /** Greedy decoding's hint (lookahead): after a call for one context, its most probable continuation is evaluated at once. */
  private looking = false
  private ahead: Ahead | null = null
  private readonly deferSummaries: (on: boolean) => void
  readonly chatTemplate: { sha256: string } | null
  private readonly template: string | null
  private readonly pool: LogitsPool
  readonly file: ModelFile
  private readonly quantisation: string

  constructor(
    readonly id: string,
    path: string,
    header: GgufHeader,
    readonly llamaModel: LlamaModel,
    private readonly context: LlamaContext,
    readonly threads: number,
    via: 'logits' | 'map',
    readonly gpu: GpuUse,
    contextSize: number,
    private readonly dispatch: DispatchControl,
  ) {
    this.file = modelFileOf(path)
    this.quantisation = ggufQuantisation(header)
    this.template = chatTemplateOf(header)
    this.chatTemplate = this.template === null ? null : { sha256: templateSha256(this.template) }
    const tokens = header.metadata.get('tokenizer.ggml.tokens')
    this.vocab = Array.isArray(tokens) ? tokens.map(String) : []
    this.vocabSize = this.vocab.length
    const types = header.metadata.get('tokenizer.ggml.token_type')
    this.types = Array.isArray(types) ? types.map(Number) : []
    const tokenizer = header.metadata.get('tokenizer.ggml.model')
    this.byteLevel =
      tokenizer === 'gpt2' &&
      spellsBytes(this.vocab, (id) => this.types[id] === undefined || this.types[id] === TOKEN_NORMAL)
    this.escapesSpaces = ['llama', 'bert', 't5', 'gpt2'].includes(String(tokenizer)) && !this.byteLevel
    this.spacePrefix = tokenizer === 'llama' && header.metadata.get('tokenizer.ggml.add_space_prefix') !== false
    const tk = llamaModel.tokens
    this.bos = tk.shouldPrependBosToken ? tk.bos : null
    // With no end token at all, hypotheses end only at maxTokens.
    this.eos = tk.eos ?? tk.eot ?? -1
    // llama.cpp's own list (llama_vocab_is_eog): eos, eot and the tokens it recognises by their text.
    const ends: TokenId[] = []
    for (let id = 0; id < this.vocabSize; id++) if (llamaModel.isEogToken(id as Token)) ends.push(id)
    if (this.eos >= 0 && !ends.includes(this.eos)) ends.push(this.eos)
    this.endTokens = ends
    this.endSet = new Set(ends)
    const unk = header.metadata.get('tokenizer.ggml.unknown_token_id')
    this.unknown = typeof unk === 'number' ? unk : null
    const known = new Set(this.vocab)
    this.asciiTwins = new Set(
      Array.from({ length: 0x80 }, (_, b) => b).filter(
        (b) => known.has(byteToken(b)) && known.has(b === 0x20 ? '\u2581' : String.fromCharCode(b)),
      ),
    )
    const hasAllBytes = Array.from({ length: 256 }, (_, b) => byteToken(b)).every((t) => known.has(t))
    this.spmWithoutBytes = header.metadata.get('tokenizer.ggml.model') === 'llama' && !hasAllBytes ? known : null
    // llama.cpp rounds the context up (to a multiple of 256); the size asked for is the one that holds.
    this.contextSize = Math.min(contextSize, context.contextSize)
    this.sequences = Array.from({ length: context.totalSequences }, () => context.getSequence())
    this.pool = new LogitsPool(this.vocabSize)
    const capture: LogitsCapture =
      via === 'logits'
        ? captureLogits(context, this.vocabSize, () => this.pool.row())
        : { ok: false as const, reason: 'asked for the Map' }
    this.distributions = capture.ok ? { via: 'logits' } : { via: 'map', why: capture.reason }
    this.deferSummaries = capture.ok ? capture.deferSummaries : () => undefined
  }

  describe(): ModelDescription {
    return describeGguf({
      quantisation: this.quantisation,
      gpu: this.gpu,
      threads: this.threads,
      via: this.distributions.via,
    })
  }

  tokenize(text: string, at: 'prompt' | 'continuation' = 'prompt'): TokenId[] {
    if (text === '') return []
    if (this.spmWithoutBytes) {
      // llama.cpp's SentencePiece tokenizer aborts the process on a character with neither a token nor byte tokens.
      const missing = [...text].find(
        (ch) =>
          !this.spmWithoutBytes?.has(ch === ' ' ? '\u2581' : ch) &&
          !bytesOf(ch).every((b) => this.spmWithoutBytes?.has(byteToken(b))),
      )
      if (missing !== undefined)
        throw new TokenizeError(
          `${JSON.stringify(text)} has characters the vocabulary of ${this.id} cannot express: ${JSON.stringify(missing)}`,
        )
    }
    let ids: Token[]
    try {
      ids = at === 'continuation' && this.spacePrefix ? this.afterNewline(text) : this.llamaModel.tokenize(text, false)
    } catch (err) {
      throw new TokenizeError(`cannot tokenize ${JSON.stringify(text)}: ${(err as Error).message}`)
    }
    if (ids.length === 0)
      throw new TokenizeError(`the tokenizer of ${this.id} gives no tokens for ${JSON.stringify(text)}`)
    if (this.unknown !== null && ids.includes(this.unknown as Token)) {
      throw new TokenizeError(
        `${JSON.stringify(text)} has characters the vocabulary of ${this.id} cannot express (it gives <unk>)`,
      )
    }
    return ids
  }

  async renderChat(messages: ChatMessage[]): Promise<RenderedChat> {
    if (this.template === null)
      throw new InputError(`${this.id} has no chat template (tokenizer.chat_template): run it without --chat`)
    return renderChatPrompt(this.llamaModel, this.template, messages, this.bos)
  }

  tokenText(id: TokenId): string {
    let text = this.texts.get(id)
    if (text === undefined) {
      const bytes = this.tokenBytes(id)
      const fallback = this.fallbackByte(id)
      if (fallback !== null && this.asciiTwins.has(fallback)) {
        // A byte-fallback piece of an ASCII byte (<0x0A>) shows as <0A> where a piece of its own spells that character (\n).
        text = byteForm([fallback])
      } else if (bytes) {
        // A lone byte of a multi-byte character shows as <E5>, not as U+FFFD or its byte-level spelling.
        text = displayAfter(new Uint8Array(0), bytes).text
      } else {
        text = this.llamaModel.detokenize([id as Token], true)
        if ((text === '' || text.includes('\uFFFD')) && this.vocab[id] !== undefined) text = this.vocab[id]
      }
      this.texts.set(id, text)
    }
    return text
  }

  /** The bytes a token stands for; null for control, unknown and unused tokens, which have none, and for byte-fallback pieces of an ASCII character another piece spells. */
  tokenBytes(id: TokenId): Uint8Array | null {
    let bytes = this.bytes.get(id)
    if (bytes === undefined) {
      bytes = this.findBytes(id)
      this.bytes.set(id, bytes)
    }
    return bytes
  }

  private findBytes(id: TokenId): Uint8Array | null {
    const type = this.types[id]
    const piece = this.vocab[id]
    if (piece === undefined || type === TOKEN_CONTROL || type === TOKEN_UNUSED || type === TOKEN_UNKNOWN) return null
    const byte = this.fallbackByte(id)
    // An ASCII byte that another piece spells shows as <XX>; it is a whole character, with no bytes to join with its neighbours'.
    if (byte !== null) return this.asciiTwins.has(byte) ? null : Uint8Array.of(byte)
    // As llama.cpp's token_to_piece: a user-defined token is its text as written, in any vocabulary; a
    // normal one spells bytes (byte-level BPE) or has ▁ for a space (SentencePiece, WordPiece, Unigram
    // and Gemma 4's BPE). Detokenizing it alone could differ: llama.cpp's clean-up drops the space of " .".
    if (type === TOKEN_USER_DEFINED) return utf8.encode(piece)
    if (this.byteLevel) return byteLevelBytes(piece)
    if (this.escapesSpaces) return utf8.encode(piece.replaceAll('\u2581', ' '))
    return utf8.encode(this.llamaModel.detokenize([id as Token], true))
  }

  /**
   * A continuation's tokens where llama.cpp puts a space before every text: the text is tokenized after a
   * newline, whose tokens (the space and the newline) are then dropped. A text that merges with the
   * newline (a vocabulary with a piece for it) is tokenized alone.
   */
  private afterNewline(text: string): Token[] {
    const head = this.llamaModel.tokenize('\n', false)
    const all = this.llamaModel.tokenize(`\n${text}`, false)
    return head.length > 0 && head.every((t, i) => all[i] === t)
      ? all.slice(head.length)
      : this.llamaModel.tokenize(text, false)
  }

  /** The byte of a SentencePiece byte-fallback piece (`<0xE9>`), or null. */
  private fallbackByte(id: TokenId): number | null {
    const piece = this.vocab[id]
    const byte = this.types[id] === TOKEN_BYTE && piece !== undefined ? /^<0x([0-9A-Fa-f]{2})>$/.exec(piece) : null
    return byte ? parseInt(byte[1], 16) : null
  }

  detokenize(ids: readonly TokenId[]): string {
    return this.llamaModel.detokenize(ids.filter((t) => t !== this.bos && !this.endSet.has(t)) as Token[], false)
  }

  next(context: readonly TokenId[], signal?: AbortSignal): Promise<Distribution> {
    return this.nextMany([context], signal).then((d) => d[0])
  }

  /** Up to `sequences` contexts run as one llama.cpp batch; each reuses the KV cache of the sequence it shares most with. */
  async nextMany(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]> {
    for (const c of contexts) this.validate(c)
    // One call at a time: the sequences' cached tokens are shared state.
    const run = this.queue.then(async () => {
      const ahead = await this.settleAhead()
      if (ahead && contexts.length === 1 && sameTokens(ahead.context, contexts[0])) {
        // Evaluated ahead, exactly as below would have (the same one-token batch): its rows become this call's.
        this.stats.aheadHits++
        this.pool.end()
        return [await this.lookAhead(ahead.seq, contexts[0], ahead.dist)]
      }
      if (ahead) this.stats.aheadMisses++
      // Greedy's rows are summarised once the next token is on its way (lookAhead).
      this.deferSummaries(this.looking && contexts.length === 1)
      this.pool.begin()
      const out: Distribution[] = []
      let last: LlamaContextSequence | null = null
      for (let start = 0; start < contexts.length; start += this.sequences.length) {
        throwIfAborted(signal)
        const chunk = contexts.slice(start, start + this.sequences.length)
        const seqs = this.assign(chunk)
        // The last token is evaluated again even when cached: its output is the distribution asked for.
        const keep = chunk.map((c, i) =>
          Math.min(seqs[i].compareContextTokens(c as Token[]).firstDifferentIndex, c.length - 1),
        )
        const erase = seqs.flatMap((s, i) =>
          keep[i] < s.nextTokenIndex ? [s.eraseContextTokenRanges([{ start: keep[i], end: s.nextTokenIndex }])] : [],
        )
        if (erase.length) await Promise.all(erase)
        // Issued in one go, so that llama.cpp evaluates them as one batch; a lone context need not wait for others.
        this.dispatch.now = chunk.length === 1
        out.push(...(await Promise.all(chunk.map((c, i) => this.evaluate(seqs[i], c.slice(keep[i]) as Token[])))))
        this.dispatch.now = false
        last = seqs[0]
      }
      this.deferSummaries(false)
      this.pool.end()
      if (contexts.length === 1 && last) out[0] = await this.lookAhead(last, contexts[0], out[0])
      return out
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  lookahead(on: boolean): void {
    this.looking = on
  }

  /**
   * Greedy's next call is for the context and its most probable token (ties to the lower id, the
   * summary's first): that token is evaluated now, on the sequence that holds the context, so that
   * llama.cpp decodes it while the caller records this step. A wrong guess only leaves a token that
   * the next call erases. Returns once llama.cpp has the batch.
   */
  private async lookAhead(
    seq: LlamaContextSequence,
    context: readonly TokenId[],
    dist: Distribution,
  ): Promise<Distribution> {
    if (dist.kind !== 'logits') return dist
    const token = dist.summary?.ids[0] ?? argmaxOf(dist.logits)
    if (this.looking && !this.disposed && token !== undefined && token >= 0 && !this.endSet.has(token)) {
      if (context.length < this.contextSize) {
        this.pool.begin()
        this.dispatch.now = true
        this.deferSummaries(true)
        this.ahead = {
          seq,
          context: [...context, token],
          result: this.evaluate(seq, [token as Token]).then(
            (d) => d,
            () => null,
          ),
        }
        // The evaluation reaches llama.cpp within the microtasks that run before this.
        await new Promise<void>((resolve) => setImmediate(resolve))
        this.dispatch.now = false
      }
    }
    if (dist.summary || argmaxOf(dist.logits) === undefined) return dist
    const summary = summarizeRow(dist.logits)
    return summary ? { ...dist, summary } : dist
  }

  /** The evaluation ahead, finished; null when there was none or it failed (the call then evaluates as usual). */
  private async settleAhead(): Promise<{
    seq: LlamaContextSequence
    context: readonly TokenId[]
    dist: Distribution
  } | null> {
    const ahead = this.ahead
    this.ahead = null
    if (!ahead) return null
    const dist = await ahead.result
    this.deferSummaries(false)
    return dist ? { seq: ahead.seq, context: ahead.context, dist } : null
  }

  private validate(context: readonly TokenId[]): void {
    if (this.disposed) throw new DecodeError(`${this.id} was disposed`)
    if (context.length === 0)
      throw new DecodeError(`${this.id} has no BOS token: an empty prompt gives it nothing to condition on`)
    if (context.length > this.contextSize) {
      throw new DecodeError(
        `a context of ${context.length} tokens exceeds the context size of ${this.id} (${this.contextSize})`,
      )
    }
    for (const t of context) {
      if (!Number.isInteger(t) || t < 0 || t >= this.vocabSize)
        throw new DecodeError(`token id ${t} is outside the vocabulary of ${this.id}`)
    }
  }

  /** Pairs contexts with sequences, longest shared cached prefix first. */
  private assign(contexts: readonly (readonly TokenId[])[]): LlamaContextSequence[] {
    const pairs: { c: number; s: number; shared: number }[] = []
    contexts.forEach((c, ci) =>
      this.sequences.forEach((s, si) =>
        pairs.push({ c: ci, s: si, shared: s.compareContextTokens(c as Token[]).firstDifferentIndex }),
      ),
    )
    pairs.sort((a, b) => b.shared - a.shared || a.c - b.c || a.s - b.s)
    const bySeq = new Set<number>()
    const out: LlamaContextSequence[] = []
    for (const p of pairs) {
      if (out[p.c] || bySeq.has(p.s)) continue
      out[p.c] = this.sequences[p.s]
      bySeq.add(p.s)
    }
    return out
  }

  /** Evaluates the tokens of a context past what `seq` keeps cached; the distribution after the last. */
  private async evaluate(seq: LlamaContextSequence, tail: Token[]): Promise<Distribution> {
    this.stats.tokensEvaluated += tail.length
    this.stats.distributions++
    if (this.distributions.via === 'logits') {
      const logits = await this.logitsAfter(seq, tail)
      const summary = summaryOf(logits)
      return summary ? { kind: 'logits', logits, summary } : { kind: 'logits', logits }
    }
    const last = tail.length - 1
    const result = await seq.controlledEvaluate(
      tail.map((t, i) => (i === last ? [t, { generateNext: { probabilities: true } }] : t)),
    )
    const probabilities = result[last]?.next?.probabilities
    if (!probabilities) throw new DecodeError(`llama.cpp returned no distribution for ${this.id}`)
    const ids = new Int32Array(probabilities.size)
    const probs = new Float64Array(probabilities.size)
    let i = 0
    for (const [id, p] of probabilities) {
      ids[i] = id
      probs[i++] = p
    }
    return { kind: 'probs', ids, probs, otherMass: 0 }
  }

  /**
   * Appends `tail` to what `seq` holds and returns the logits after its last token. Each sequence keeps one
   * evaluation stream for its lifetime: each controlledEvaluate call would set up a sampler with a buffer of
   * the whole vocabulary (0.6 ms per token on 32k). A stream keeps no position of its own, so it carries on
   * after its sequence's tail is erased. The captured context hands over logits in `confidence`.
   */
  private async logitsAfter(seq: LlamaContextSequence, tail: Token[]): Promise<Float32Array> {
    let stream = this.streams.get(seq)
    let step
    if (stream) {
      step = await stream.next(tail)
    } else {
      stream = seq.evaluateWithMetadata(tail, { confidence: true }, { yieldEogToken: true })
      this.streams.set(seq, stream)
      step = await stream.next()
    }
    const logits = step.done ? undefined : (step.value.confidence as unknown)
    if (!(logits instanceof Float32Array)) {
      this.streams.delete(seq)
      throw new DecodeError(`llama.cpp returned no logits for ${this.id}`)
    }
    return logits
  }

  poolLogits(): void {
    this.pool.enable()
  }

  releaseLogits(): void {
    this.pool.release()
  }

  releaseDistributions(): void {
    this.pool.release()
  }

  async clearCache(): Promise<void> {
    const run = this.queue.then(async () => {
      await this.settleAhead()
      await Promise.all(this.sequences.map((s) => s.clearHistory()))
    })
    this.queue = run.catch(() => undefined)
    await run
  }

  private async endStream(seq: LlamaContextSequence): Promise<void> {
    const stream = this.streams.get(seq)
    this.streams.delete(seq)
    await stream?.return()
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    await this.queue
    await this.settleAhead()
    await Promise.all(this.sequences.map((s) => this.endStream(s)))
    await this.context.dispose()
    await this.llamaModel.dispose()
  }
}

/** Lets one decode dispatch at once instead of on the next cycle (see loadGgufModel). */
interface DispatchControl {
  now: boolean
}

/** A token evaluated ahead of the call that will ask for it. */
interface Ahead {
  seq: LlamaContextSequence
  context: readonly TokenId[]
  result: Promise<Distribution | null>
}

function sameTokens(a: readonly TokenId[], b: readonly TokenId[]): boolean {
  if (a.length !== b.length) return false
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false
  return true
}

/** llama.cpp's token types (tokenizer.ggml.token_type). */
const TOKEN_NORMAL = 1
const TOKEN_UNKNOWN = 2
const TOKEN_CONTROL = 3
const TOKEN_USER_DEFINED = 4
const TOKEN_UNUSED = 5
const TOKEN_BYTE = 6

function byteToken(b: number): string {
  return `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`
}

const utf8 = new TextEncoder()

function bytesOf(ch: string): number[] {
  return [...utf8.encode(ch)]
}
