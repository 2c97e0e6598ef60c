import type { ChatMessage, RenderedChat } from '../../../core/chat'
import { CancelledError, DecodeError, InputError, throwIfAborted, TokenizeError } from '../../../core/errors'
import type { Distribution, TokenId } from '../../../core/types'
import { contextSizeFor, type GgufModelOptions, type GgufStats, inspectGgufFile } from '../gguf-model'
import type { HostChannel, HostExit, HostSpawner } from './host-channel'
import { describeHostDeath } from './host-crash'
import type { FromHost, HostCall, HostError, HostedModelInfo, HostResults } from './host-protocol'
import { forkHost } from './fork-host'
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
  /** The chat template's rendering, in the host, where the model's tokenizer is. */
  renderChat(messages: ChatMessage[]): Promise<RenderedChat>
  /** As the host last reported them (after each call). */
  readonly stats: GgufStats
  /** Whether the host process has ended; a dead model answers every call with the crash's one line. */
  readonly dead: boolean
  tokenize(text: string): Promise<TokenId[]>
  tokenText(id: TokenId): string
  tokenBytes(id: TokenId): Uint8Array | null
  detokenize(ids: readonly TokenId[]): Promise<string>
  next(context: readonly TokenId[], signal?: AbortSignal): Promise<Distribution>
  nextMany(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]>
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
export async function loadHostedGgufModel(path: string, opts: GgufModelOptions = {}, id: string = path): Promise<HostedGgufModel> {
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
}

class HostedModel implements HostedGgufModel {
  readonly kind = 'gguf' as const
  private info: HostedModelInfo | null = null
  stats: GgufStats = { tokensEvaluated: 0, distributions: 0 }
  private readonly pending = new Map<number, Pending>()
  private loading: Pending | null = null
  private seq = 0
  private death: string | null = null
  private disposed = false

  constructor(
    readonly id: string,
    private readonly file: string,
    private readonly channel: HostChannel,
  ) {
    channel.onMessage((m) => this.receive(m))
    channel.onExit((exit) => this.died(exit))
  }

  load(path: string, options: GgufModelOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.loading = { resolve: () => resolve(), reject }
      this.channel.hold(true)
      this.channel.send({ type: 'load', path, options, id: this.id })
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
  get dead(): boolean {
    return this.death !== null
  }

  private receive(m: FromHost): void {
    if (m.type === 'loaded' || m.type === 'loadFailed') {
      const loading = this.loading
      this.loading = null
      this.channel.hold(false)
      if (m.type === 'loaded') {
        this.info = m.info
        loading?.resolve(undefined)
      } else {
        this.channel.kill()
        loading?.reject(rebuild(m.error))
      }
      return
    }
    this.stats = m.stats
    const p = this.pending.get(m.seq)
    if (!p) return
    this.pending.delete(m.seq)
    if (this.pending.size === 0) this.channel.hold(false)
    if (m.type === 'result') p.resolve(m.value)
    else p.reject(rebuild(m.error))
  }

  private died(exit: HostExit): void {
    if (this.disposed && this.pending.size === 0) return
    this.death = describeHostDeath(this.file, exit)
    const err = new DecodeError(this.death)
    this.loading?.reject(err)
    this.loading = null
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }

  private call<K extends HostCall['op']>(call: Extract<HostCall, { op: K }>): Promise<HostResults[K]> {
    if (this.death) return Promise.reject(new DecodeError(this.death))
    if (this.disposed) return Promise.reject(new DecodeError(`${this.id} was disposed`))
    const seq = ++this.seq
    return new Promise<HostResults[K]>((resolve, reject) => {
      this.pending.set(seq, { resolve: resolve as (v: unknown) => void, reject })
      if (this.pending.size === 1) this.channel.hold(true)
      this.channel.send({ type: 'call', seq, call })
    })
  }

  tokenize(text: string): Promise<TokenId[]> {
    return this.call({ op: 'tokenize', text })
  }

  tokenText(id: TokenId): string {
    const text = this.loaded.tokenTexts[id]
    if (text === undefined) throw new DecodeError(`token id ${id} is outside the vocabulary of ${this.id}`)
    return text
  }

  tokenBytes(id: TokenId): Uint8Array | null {
    const { bytes, starts, hasBytes } = this.loaded.tokenBytes
    if (!(id >= 0 && id < hasBytes.length)) throw new DecodeError(`token id ${id} is outside the vocabulary of ${this.id}`)
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
      return
    }
    const done = this.call({ op: 'dispose' }).catch(() => undefined)
    this.disposed = true
    await done
    this.channel.kill()
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
