import type { StrategySpec } from '../../../core/strategy-spec'
import type { Distribution, RunProgress, RunResult, TokenId, TreeNode } from '../../../core/types'
import type { ChatMessage, RenderedChat } from '../../../core/chat'
import type { ModelDescription } from '../../../core/model-description'
import type { GpuUse } from '../gguf-gpu'
import type { GgufModelOptions, GgufStats } from '../gguf-model'

/**
 * Messages between a model host process and the process that uses its model. Contexts travel as typed
 * arrays (structured clone copies them as bytes, never as JSON arrays); logits go through the logits
 * slot file (`slot`, see logits-slot.ts), or inline as typed arrays when the slot cannot be used.
 */
export type ToHost =
  | { type: 'load'; path: string; options: GgufModelOptions; id: string; slot?: string }
  /** `consumed`: the seq of the last answer the parent read from the slot. */
  | { type: 'call'; seq: number; call: HostCall; consumed: number }
  /** Stops the run of call `seq` (an op 'decode'); it then fails with CancelledError. */
  | { type: 'cancel'; seq: number }

export type HostCall =
  | { op: 'tokenize'; text: string; at?: 'prompt' | 'continuation' }
  | { op: 'detokenize'; ids: Int32Array }
  | { op: 'nextMany'; contexts: Int32Array[] }
  /** A whole run decoded beside the model, so that no step crosses the process boundary. */
  | { op: 'decode'; promptIds: Int32Array; spec: StrategySpec; maxTokens: number; topN: number }
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
  /** The model's describe(), for the records of runs on it. */
  description: ModelDescription
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
  /** `slotLengths`: the answer is that many logits arrays in the slot, and `value` is unset. */
  | { type: 'result'; seq: number; value: unknown; stats: GgufStats; slotLengths?: number[] }
  | { type: 'failed'; seq: number; error: HostError; stats: GgufStats; partialTree?: TreeNode[] }
  | { type: 'progress'; seq: number; progress: RunProgress }

/** The answer to each call, by op. */
export interface HostResults {
  tokenize: TokenId[]
  detokenize: string
  nextMany: Distribution[]
  decode: RunResult
  renderChat: RenderedChat
  clearCache: undefined
  dispose: undefined
}
