import type { Distribution, TokenId } from '../../../core/types'
import type { ChatMessage, RenderedChat } from '../../../core/chat'
import type { GpuUse } from '../gguf-gpu'
import type { GgufModelOptions, GgufStats } from '../gguf-model'

/**
 * Messages between a model host process and the process that uses its model. Contexts and logits
 * travel as typed arrays (structured clone copies them as bytes, never as JSON arrays).
 */
export type ToHost =
  | { type: 'load'; path: string; options: GgufModelOptions; id: string }
  | { type: 'call'; seq: number; call: HostCall }

export type HostCall =
  | { op: 'tokenize'; text: string }
  | { op: 'detokenize'; ids: Int32Array }
  | { op: 'nextMany'; contexts: Int32Array[] }
  | { op: 'renderChat'; messages: ChatMessage[] }
  | { op: 'clearCache' }
  | { op: 'dispose' }

/** What the host knows of its model, sent once after the load; `tokenTexts[id]` is tokenText(id), and so for tokenBytes. */
export interface HostedModelInfo {
  vocabSize: number
  bos: TokenId | null
  eos: TokenId
  /** Every end-of-generation token, eos among them. */
  endTokens: TokenId[]
  contextSize: number
  threads: number
  distributions: { via: 'logits' } | { via: 'map'; why: string }
  gpu: GpuUse
  chatTemplate: { sha256: string } | null
  tokenTexts: string[]
  /** Token i's bytes are bytes[starts[i], starts[i + 1]), or none when hasBytes[i] is 0 (tokenBytes(i) null). */
  tokenBytes: { bytes: Uint8Array; starts: Int32Array; hasBytes: Uint8Array }
}

/** An error as it crosses the boundary: its class by name, so that the caller can throw the same kind. */
export interface HostError {
  name: string
  message: string
}

export type FromHost =
  | { type: 'loaded'; info: HostedModelInfo }
  | { type: 'loadFailed'; error: HostError }
  | { type: 'result'; seq: number; value: unknown; stats: GgufStats }
  | { type: 'failed'; seq: number; error: HostError; stats: GgufStats }

/** The answer to each call, by op. */
export interface HostResults {
  tokenize: TokenId[]
  detokenize: string
  nextMany: Distribution[]
  renderChat: RenderedChat
  clearCache: undefined
  dispose: undefined
}
