import type { ChatMessage, RenderedChat } from './chat'
import type { ModelDescription, ModelFile } from './model-description'
export type TokenId = number

/**
 * A next-token distribution as a model gives it: the model's own, untempered.
 * - `logits`: dense scores over the whole vocabulary (softmax gives probabilities).
 * - `probs`: listed token probabilities; `otherMass` is the mass of every token not listed.
 *   `otherMass > 0` marks a partial distribution (remote engines give only their top entries).
 */
export type Distribution =
  | { kind: 'logits'; logits: Float32Array; summary?: LogitsSummary }
  | { kind: 'probs'; ids: Int32Array; probs: Float64Array; otherMass: number }

/**
 * What a model may hand over beside its logits, computed where they are (a native pass): the same sums
 * the core's own summary pass makes, so that it need not make them. Optional: without it, the core sums in JS.
 */
export interface LogitsSummary {
  max: number
  /** Σ exp(x − max) over the vocabulary. */
  z: number
  /** Σ exp(x − max)·(x − max), for the entropy. */
  zx: number
  /** The highest logits and their ids in ranking order (higher logit, then lower id); as many as the model chose. */
  ids: Int32Array
  logits: Float32Array
}

export type ModelKind = 'table' | 'ngram' | 'gguf' | 'remote'

export interface LanguageModel {
  readonly id: string
  readonly kind: ModelKind
  readonly vocabSize: number
  /** Prepended to every context when not null. */
  readonly bos: TokenId | null
  /** Tokens a context may hold, where the backend has a limit (a GGUF model's context size). */
  readonly contextSize?: number
  readonly eos: TokenId
  /**
   * Every token that ends a sequence, eos among them (llama.cpp's end-of-generation list: `<|im_end|>`,
   * `<|endoftext|>`, `<|eot_id|>`…); just eos when absent. Table and n-gram models have their one EOS.
   */
  readonly endTokens?: readonly TokenId[]
  /** The file the model was loaded from; null for a remote engine, absent for a model made in memory. */
  readonly file?: ModelFile | null
  /** Its backend, version, quantisation and what can vary between runs, for the run's record; absent for a model made in memory. */
  describe?(): ModelDescription
  /** GGUF models: the hash of their chat template, null when they have none. */
  readonly chatTemplate?: { sha256: string } | null
  /** The chat template's rendering of these messages with the generation prompt, and its tokens. */
  renderChat?(messages: ChatMessage[]): Promise<RenderedChat>
  /**
   * Throws TokenizeError when the text cannot be tokenized; remote engines tokenize asynchronously.
   * `continuation`: the text comes after other tokens (a scored text, an edited branch), so it gets no
   * space put before it, as a SentencePiece vocabulary with a space prefix puts one before a prompt.
   */
  tokenize(text: string, at?: 'prompt' | 'continuation'): TokenId[] | Promise<TokenId[]>
  tokenText(id: TokenId): string
  /**
   * The bytes a token stands for, where the vocabulary is made of bytes (byte-level BPE, byte tokens);
   * null for a token without (a control token). With it, a character split between tokens shows as bytes.
   */
  tokenBytes?(id: TokenId): Uint8Array | null
  /** Text of generated tokens, without BOS or EOS; a model in another process answers asynchronously. */
  detokenize(ids: readonly TokenId[]): string | Promise<string>
  /** Distribution of the token after `context` (BOS, prompt, generated tokens). */
  next(context: readonly TokenId[], signal?: AbortSignal): Promise<Distribution>
  /**
   * P(token | context) exactly, for backends whose distributions are partial (a remote engine's top
   * K): scoring a given text needs tokens outside the listed ones too.
   */
  probabilityOf?(context: readonly TokenId[], token: TokenId, signal?: AbortSignal): Promise<number>
  /** P(ids[i] | context, ids[<i]) for every i in one request, where a remote engine can; null where it cannot. */
  scoreSequence?(context: readonly TokenId[], ids: readonly TokenId[], signal?: AbortSignal): Promise<number[] | null>
  /** Several contexts at once, so that backends can batch them (beams, samples). */
  nextMany?(contexts: readonly (readonly TokenId[])[], signal?: AbortSignal): Promise<Distribution[]>
  /**
   * The caller is done with the distributions of one nextMany call that returned: a backend may reuse
   * their buffers (no vocabulary-sized array per step). decode() calls it once per call, once the call's
   * distributions are no longer read.
   */
  releaseDistributions?(): void
  /**
   * Greedy decoding's hint: the next call will most likely be for the last context and its most
   * probable token, which a backend may start evaluating at once. Off unless a strategy turns it on.
   */
  lookahead?(on: boolean): void
  /**
   * Forgets what the backend has cached from earlier runs. decode() calls it first: llama.cpp rounds a
   * token's logits differently depending on what else is in its batch, so a warm cache would make a
   * re-run differ in the fourth digit.
   */
  clearCache?(): Promise<void>
  dispose?(): Promise<void> | void
}

export type NodeStatus = 'chosen' | 'kept' | 'pruned' | 'filtered' | 'candidate'

export interface TreeNode {
  id: number
  parent: number | null
  /** null for the root, which stands for the prompt. */
  tokenId: TokenId | null
  text: string
  /** Conditional probability P(token | parent prefix), the model's own. */
  prob: number
  /** Cumulative log-probability of the generated part of the prefix. */
  logProb: number
  depth: number
  /** Rank among the siblings in the parent's full distribution, 0 = most probable. */
  rank: number
  status: NodeStatus
  /** Set once the node's own distribution was computed. */
  expanded: boolean
  /** Mass of every token of this node's distribution outside its stored candidates. */
  otherMass: number | null
  /** Entropy (nats) of this node's full distribution; a lower bound when partial. */
  entropy: number | null
  /** The distribution was partial (only the top entries were known). */
  partial: boolean
  /** Set when the token was forced (a `--force` prefix or a click in the tree), not picked by the strategy. */
  forced?: true
  /** Speculative decoding: what became of the draft model's proposals of this token here. */
  draft?: DraftOutcome
  /** Contrastive decoding: set on every candidate of the plausible head V_head at its parent. */
  contrastive?: ContrastiveScore
  /**
   * Sampling runs: this token's probability after the whole processor chain at its parent's step,
   * 0 when a processor removed it. Absent where no chain ran (greedy, beam, exact, a forced step).
   */
  processedProb?: number | null
  /** Sampling runs: the first processor that removed this token at its parent's step, null when none did. */
  filteredBy?: string | null
  /** Sampling state at this node's own step (set on expanded nodes of sampling runs that have it). */
  sampler?: SamplerState
}

/** The state a sampler carried into a step: what the step panel shows beside the distributions. */
export interface SamplerState {
  /** Mirostat's μ (target surprise bound, bits) before the step's draw. */
  mirostatMu?: number
  /** Adaptive-p's adapted target probability for the step. */
  adaptiveTarget?: number
  /** The temperature actually applied (dynamic temperature). */
  temperature?: number
  /** XTC's draw from the run's generator at the step (it removes the top choices when the draw ≤ xtcProbability). */
  xtcDraw?: number
}

/** A V_head candidate of contrastive decoding; the node's own `prob` is the expert's. */
export interface ContrastiveScore {
  /** p_amateur(token | prefix). */
  amateurProb: number
  /** log p_expert − log p_amateur; +Infinity where the amateur gives the token probability 0. */
  score: number
}

/**
 * How often the draft model proposed a token at a node, and how often the target accepted or
 * rejected it; the rest (proposed − accepted − rejected) followed a rejection and were never checked.
 */
export interface DraftOutcome {
  proposed: number
  accepted: number
  rejected: number
}

/** What speculative decoding saved: one target call per round instead of one per token. */
export interface SpeculativeStats {
  /** Tokens the draft model proposed, those the target accepted, and the rejections. */
  drafted: number
  accepted: number
  rejected: number
  /**
   * accepted / drafted, as vLLM counts it: proposals after a rejection count as drafted and not
   * accepted. Per checked token it is accepted / (accepted + rejected). null when nothing was drafted.
   */
  acceptanceRate: number | null
  /** Tokens the run generated (forced ones excluded), each of which plain sampling pays a target call for. */
  tokens: number
  /** Verification rounds: each scores all of its drafted positions in one batched target call. */
  targetCalls: number
  /** tokens − targetCalls. */
  targetCallsSaved: number
  draftCalls: number
}

export interface Step {
  tokenId: TokenId
  token: string
  prob: number
  logProb: number
}

export interface Sequence {
  tokenIds: TokenId[]
  tokens: string[]
  text: string
  logProb: number
  probability: number
  /** Ended with an end token (its last token, eos or another end-of-generation token); false when it stopped at maxTokens or the context's end. */
  finished: boolean
  steps: Step[]
  /** Tree node at the end of the sequence. */
  nodeId: number
  /** Set when an unfinished sequence stopped because the model's context was full, before max tokens. */
  stopReason?: 'contextEnd'
  /** mbr: the mean utility against the other samples (null with a single sample). */
  expectedUtility?: number | null
  /** vote: the sample's answer, null where answerPattern found none. */
  answer?: string | null
  /** contrastive: the summed score Σ log p_expert − log p_amateur the sequence was ranked by. */
  contrastiveScore?: number
}

export interface RunProgress {
  step: number
  maxTokens: number
  /** Best-so-far or current partial text, for live display. */
  text: string
  treeNodes: number
}

export interface RunResult {
  sequences: Sequence[]
  tree: TreeNode[]
  /** Only for exact search. */
  optimal?: boolean
  /** Warnings about the run (a cut beyond a partial distribution, say). */
  warnings: string[]
  /** Only for speculative decoding. */
  speculative?: SpeculativeStats
  /** Only for vote: every answer with its count, most frequent first. */
  vote?: VoteOutcome
}

/** An answer of vote (self-consistency) and the samples that gave it. */
export interface AnswerCount {
  answer: string
  count: number
  /** Indices of the samples that gave it. */
  samples: number[]
}

export interface VoteOutcome {
  /** Most frequent first; `samples` index the run's sequences. */
  answers: AnswerCount[]
  /** Samples whose text answerPattern did not match. */
  unanswered: number
}
