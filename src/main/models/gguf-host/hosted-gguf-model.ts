import type { ChatMessage, RenderedChat } from '../../../core/chat'
import { CancelledError, DecodeError, InputError, throwIfAborted, TokenizeError } from '../../../core/errors'
import type { DecodeOptions } from '../../../core/decode-context'
import type { ModelDescription, ModelFile } from '../../../core/model-description'
import type { StrategySpec } from '../../../core/strategy-spec'
import type { Distribution, RunProgress, RunResult, TokenId } from '../../../core/types'
import { modelFileOf } from '../../provenance/file-hash'
import { contextSizeFor, type GgufModelOptions, type GgufStats, inspectGgufFile } from '../gguf-model'
import type { HostChannel, HostExit, HostSpawner } from './host-channel'
import { describeHostDeath } from './host-crash'
import type { FromHost, HostCall, HostError, HostedModelInfo, HostResults } from './host-protocol'
import { forkHost } from './fork-host'
import { LogitsSlotReader } from './logits-slot'
import { relayHost } from './relay-host'

/** A GGUF model run by llama.cpp in a child process: llama.cpp aborting takes down that process only. */
export interface HostedGgufModel {
  readonly id: string
  readonly kind: 'gguf'
  readonly vocabSize: number
  readonly bos: TokenId | null
  readonly eos: TokenId
  readonly endTokens: readonly TokenId[]
  readonly contextSize: number
  readonly threads: number
  readonly distributions: HostedModelInfo['distributions']
  /** What llama.cpp runs the model on in the host. */
  readonly gpu: HostedModelInfo['gpu']
  readonly chatTemplate: HostedModelInfo['chatTemplate']
  readonly file: ModelFile
  /** As the host described its model once it had loaded it. */
  describe(): ModelDescription
  /** The chat template's rendering, in the host, where the model's tokenizer is. */
  renderChat(messages: ChatMessage[]): Promise<RenderedChat>
  /** As the host last reported them (after each call). */
  readonly stats: GgufStats
  /** Whether the host process has ended; a dead model answers every call with the crash's one line. */
  readonly dead: boolean
  tokenize(text: string, at?: 'prompt' | 'continuation'): Promise<TokenId[]>
  tokenText(id: TokenId): string
  tokenBytes(id: TokenId): Uint8Array | null
  detokenize(ids: readonly TokenId[]): Promise<string>
  next(context: readonly TokenId[], signal?: AbortSignal): Promise<Distribution>
  nextMany(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]>
  /**
   * Decodes a whole run in the host, beside llama.cpp: a step then costs no round trip between processes
   * (two wake-ups, about a tenth of a 32k-vocabulary step here). A failed or cancelled run's error
   * carries its partial tree, as decode()'s does; a run whose host dies has none.
   */
  decodeInHost(promptIds: readonly TokenId[], spec: StrategySpec, options: DecodeOptions): Promise<RunResult>
  clearCache(): Promise<void>
  dispose(): Promise<void>
}

// Electron's main thread relays utility processes (its fuses forbid running its binary as Node); elsewhere, a Node child.
let spawnHost: HostSpawner = process.versions.electron ? relayHost : forkHost

/** Where model hosts come from in this process (tests may start them otherwise). */
export function setHostSpawner(spawner: HostSpawner): void {
  spawnHost = spawner
}

/**
 * Checks the header here (bad input gets its one line without starting a process), then starts a host
 * that loads the model with `loadGgufModel`. `file` names the model in a crash's message.
 */
export async function loadHostedGgufModel(
  path: string,
  opts: GgufModelOptions = {},
  id: string = path,
): Promise<HostedGgufModel> {
  const { header } = inspectGgufFile(path)
  contextSizeFor(header, opts, id)
  const channel = spawnHost()
  const model = new HostedModel(id, path, channel)
  await model.load(path, opts)
  return model
}

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
  onProgress?: (p: RunProgress) => void
}

class HostedModel implements HostedGgufModel {
  readonly kind = 'gguf' as const
  private info: HostedModelInfo | null = null
  stats: GgufStats = { tokensEvaluated: 0, distributions: 0, aheadHits: 0, aheadMisses: 0 }
  private readonly pending = new Map<number, Pending>()
  private loading: Pending | null = null
  private seq = 0
  private death: string | null = null
  private disposed = false
  private readonly slot = LogitsSlotReader.create()
  readonly file: ModelFile

  constructor(
    readonly id: string,
    private readonly path: string,
    private readonly channel: HostChannel,
  ) {
    this.file = modelFileOf(path)
    channel.onMessage((m) => this.receive(m))
    channel.onExit((exit) => this.died(exit))
  }

  load(path: string, options: GgufModelOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.loading = { resolve: () => resolve(), reject }
      this.channel.hold(true)
      this.channel.send({ type: 'load', path, options, id: this.id, slot: this.slot?.file })
    })
  }

  private get loaded(): HostedModelInfo {
    if (!this.info) throw new DecodeError(`${this.id} is not loaded`)
    return this.info
  }

  get vocabSize(): number {
    return this.loaded.vocabSize
  }
  get bos(): TokenId | null {
    return this.loaded.bos
  }
  get eos(): TokenId {
    return this.loaded.eos
  }
  get endTokens(): readonly TokenId[] {
    return this.loaded.endTokens
  }
  get contextSize(): number {
    return this.loaded.contextSize
  }
  get threads(): number {
    return this.loaded.threads
  }
  get distributions(): HostedModelInfo['distributions'] {
    return this.loaded.distributions
  }
  get gpu(): HostedModelInfo['gpu'] {
    return this.loaded.gpu
  }
  get chatTemplate(): HostedModelInfo['chatTemplate'] {
    return this.loaded.chatTemplate
  }
  describe(): ModelDescription {
    return this.loaded.description
  }
  get dead(): boolean {
    return this.death !== null
  }

  private receive(m: FromHost): void {
    if (m.type === 'loaded' || m.type === 'loadFailed') {
      const loading = this.loading
      this.loading = null
      this.channel.hold(false)
      // The host has opened the slot by now (or given up on it).
      this.slot?.unlink()
      if (m.type === 'loaded') {
        this.info = m.info
        loading?.resolve(undefined)
      } else {
        this.channel.kill()
        loading?.reject(rebuild(m.error))
      }
      return
    }
    if (m.type === 'progress') return this.pending.get(m.seq)?.onProgress?.(m.progress)
    this.stats = m.stats
    const p = this.pending.get(m.seq)
    if (!p) return
    this.pending.delete(m.seq)
    if (this.pending.size === 0) this.channel.hold(false)
    if (m.type === 'failed')
      return p.reject(Object.assign(rebuild(m.error), m.partialTree ? { partialTree: m.partialTree } : {}))
    if (!m.slotLengths) return p.resolve(m.value)
    try {
      p.resolve(this.readSlot(m.seq, m.slotLengths))
    } catch (err) {
      p.reject(new DecodeError(`cannot read the logits of ${this.id} from its model host: ${(err as Error).message}`))
    }
  }

  private readSlot(seq: number, lengths: readonly number[]): Distribution[] {
    if (!this.slot) throw new Error('the host answered through a slot this process has not made')
    return this.slot.read(seq, lengths).map((logits) => ({ kind: 'logits', logits }))
  }

  private died(exit: HostExit): void {
    if (this.disposed && this.pending.size === 0) return
    this.slot?.close()
    this.death = describeHostDeath(this.path, exit)
    const err = new DecodeError(this.death)
    this.loading?.reject(err)
    this.loading = null
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }

  /** `onSeq` learns the call's seq (to cancel it); `onProgress` hears a decode call's progress. */
  private call<K extends HostCall['op']>(
    call: Extract<HostCall, { op: K }>,
    extra: { onSeq?: (seq: number) => void; onProgress?: (p: RunProgress) => void } = {},
  ): Promise<HostResults[K]> {
    if (this.death) return Promise.reject(new DecodeError(this.death))
    if (this.disposed) return Promise.reject(new DecodeError(`${this.id} was disposed`))
    const seq = ++this.seq
    extra.onSeq?.(seq)
    return new Promise<HostResults[K]>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject, onProgress: extra.onProgress })
      if (this.pending.size === 1) this.channel.hold(true)
      this.channel.send({ type: 'call', seq, call, consumed: this.slot?.consumed ?? 0 })
    })
  }

  tokenize(text: string, at?: 'prompt' | 'continuation'): Promise<TokenId[]> {
    return this.call({ op: 'tokenize', text, at })
  }

  tokenText(id: TokenId): string {
    const text = this.loaded.tokenTexts[id]
    if (text === undefined) throw new DecodeError(`token id ${id} is outside the vocabulary of ${this.id}`)
    return text
  }

  tokenBytes(id: TokenId): Uint8Array | null {
    const { bytes, starts, hasBytes } = this.loaded.tokenBytes
    if (!(id >= 0 && id < hasBytes.length))
      throw new DecodeError(`token id ${id} is outside the vocabulary of ${this.id}`)
    return hasBytes[id] ? bytes.subarray(starts[id], starts[id + 1]) : null
  }

  detokenize(ids: readonly TokenId[]): Promise<string> {
    return this.call({ op: 'detokenize', ids: Int32Array.from(ids) })
  }

  async next(context: readonly TokenId[], signal?: AbortSignal): Promise<Distribution> {
    return (await this.nextMany([context], signal))[0]
  }

  async nextMany(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]> {
    throwIfAborted(signal)
    const out = await this.call({ op: 'nextMany', contexts: contexts.map((c) => Int32Array.from(c)) })
    throwIfAborted(signal)
    return out
  }

  async decodeInHost(promptIds: readonly TokenId[], spec: StrategySpec, options: DecodeOptions): Promise<RunResult> {
    throwIfAborted(options.signal)
    let seq = 0
    const cancel = (): void => this.channel.send({ type: 'cancel', seq })
    options.signal?.addEventListener('abort', cancel, { once: true })
    try {
      const call = {
        op: 'decode' as const,
        promptIds: Int32Array.from(promptIds),
        spec,
        maxTokens: options.maxTokens,
        topN: options.topN,
      }
      return await this.call(call, { onSeq: (s) => (seq = s), onProgress: options.onProgress })
    } finally {
      options.signal?.removeEventListener('abort', cancel)
    }
  }

  renderChat(messages: ChatMessage[]): Promise<RenderedChat> {
    return this.call({ op: 'renderChat', messages })
  }

  clearCache(): Promise<void> {
    return this.call({ op: 'clearCache' })
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    if (this.death) {
      this.disposed = true
      this.slot?.close()
      return
    }
    const done = this.call({ op: 'dispose' }).catch(() => undefined)
    this.disposed = true
    await done
    this.channel.kill()
    this.slot?.close()
  }
}

/** The host's error as the same class here, so that callers (the CLI's exit code, run status) treat it alike. */
function rebuild(e: HostError): Error {
  switch (e.name) {
    case 'TokenizeError':
      return new TokenizeError(e.message)
    case 'InputError':
      return new InputError(e.message)
    case 'CancelledError':
      return new CancelledError()
    default:
      return new DecodeError(e.message)
  }
}
