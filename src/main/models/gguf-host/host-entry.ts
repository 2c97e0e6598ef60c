import { decode } from '../../../core/decode'
import type { Distribution, RunProgress, TreeNode } from '../../../core/types'
import { type GgufLanguageModel, loadGgufModel, setLlamaLogSink } from '../gguf-model'
import type { FromHost, HostCall, HostedModelInfo, HostError, ToHost } from './host-protocol'
import { hostPort } from './host-port'
import { LogitsSlotWriter } from './logits-slot'

/**
 * The model host: a child process that loads one GGUF model with llama.cpp and answers calls on it.
 * llama.cpp may abort() on a damaged model; then only this process dies, and its parent says why.
 */
const port = hostPort()
let model: GgufLanguageModel | null = null
let slot: LogitsSlotWriter | null = null
// llama.cpp's warnings and errors go to stderr, where the parent reads the last one when this process dies.
setLlamaLogSink((line) => process.stderr.write(`${line}\n`))

const toHostError = (err: unknown): HostError =>
  err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) }

async function load(message: Extract<ToHost, { type: 'load' }>): Promise<void> {
  try {
    slot = LogitsSlotWriter.open(message.slot)
    model = await loadGgufModel(message.path, message.options, message.id)
    const m = model
    // Every answer is serialised as it is sent (both ports copy synchronously): logits buffers can be reused.
    m.poolLogits()
    const tokenTexts = Array.from({ length: m.vocabSize }, (_, id) => m.tokenText(id))
    const tokenBytes = packTokenBytes(m)
    port.send({
      type: 'loaded',
      info: {
        vocabSize: m.vocabSize,
        bos: m.bos,
        eos: m.eos,
        endTokens: [...m.endTokens],
        contextSize: m.contextSize,
        threads: m.threads,
        distributions: m.distributions,
        gpu: m.gpu,
        chatTemplate: m.chatTemplate,
        description: m.describe(),
        tokenTexts,
        tokenBytes,
      },
    })
  } catch (err) {
    port.send({ type: 'loadFailed', error: toHostError(err) })
  }
}

/** The runs being decoded here, by call seq: a cancel message aborts one. */
const runs = new Map<number, AbortController>()

/** Progress goes to the parent at most this often (each message wakes it), and always for the last step. */
const PROGRESS_EVERY_MS = 50

/**
 * The model with an asynchronous detokenize, so that the decoding core asks for progress text at most
 * every 100 ms (as for a model in another process), not once per step: that is O(length) a step.
 */
function textOnRequest(m: GgufLanguageModel): GgufLanguageModel {
  return new Proxy(m, {
    get(target, key) {
      if (key === 'detokenize') return (ids: readonly number[]) => Promise.resolve(target.detokenize(ids))
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
}

async function decodeHere(
  m: GgufLanguageModel,
  seq: number,
  call: Extract<HostCall, { op: 'decode' }>,
): Promise<unknown> {
  const controller = new AbortController()
  runs.set(seq, controller)
  let held: RunProgress | null = null
  let sentAt = -Infinity
  const flush = (): void => {
    if (held) port.send({ type: 'progress', seq, progress: held })
    held = null
    sentAt = performance.now()
  }
  try {
    return await decode(textOnRequest(m), Array.from(call.promptIds), call.spec, {
      maxTokens: call.maxTokens,
      topN: call.topN,
      signal: controller.signal,
      onProgress: (p) => {
        held = p
        if (performance.now() - sentAt >= PROGRESS_EVERY_MS) flush()
      },
    })
  } finally {
    flush()
    runs.delete(seq)
  }
}

function packTokenBytes(m: GgufLanguageModel): HostedModelInfo['tokenBytes'] {
  const all = Array.from({ length: m.vocabSize }, (_, id) => m.tokenBytes(id))
  const starts = new Int32Array(m.vocabSize + 1)
  const hasBytes = new Uint8Array(m.vocabSize)
  all.forEach((b, i) => {
    hasBytes[i] = b ? 1 : 0
    starts[i + 1] = starts[i] + (b?.length ?? 0)
  })
  const bytes = new Uint8Array(starts[m.vocabSize])
  all.forEach((b, i) => b && bytes.set(b, starts[i]))
  return { bytes, starts, hasBytes }
}

async function run(m: GgufLanguageModel, seq: number, call: HostCall): Promise<unknown> {
  switch (call.op) {
    case 'decode':
      return decodeHere(m, seq, call)
    case 'tokenize':
      return m.tokenize(call.text, call.at)
    case 'detokenize':
      return m.detokenize(Array.from(call.ids))
    case 'nextMany':
      return m.nextMany(call.contexts.map((c) => Array.from(c)))
    case 'renderChat':
      return m.renderChat(call.messages)
    case 'clearCache':
      return m.clearCache?.()
    case 'dispose':
      // The parent ends this process once it has the answer.
      return m.dispose()
  }
}

/** Writes the answer's logits to the slot when it may be used: all of them logits, and the slot read. */
function toSlot(seq: number, value: Distribution[]): number[] | null {
  if (!slot || !value.every((d) => d.kind === 'logits')) return null
  return slot.write(
    seq,
    value.map((d) => (d as Extract<Distribution, { kind: 'logits' }>).logits),
  )
}

async function answer(seq: number, call: HostCall): Promise<void> {
  if (!model) throw new Error('the model host got a call before its model was loaded')
  const m = model
  try {
    const value = await run(m, seq, call)
    const slotLengths = call.op === 'nextMany' ? toSlot(seq, value as Distribution[]) : null
    const reply: FromHost = slotLengths
      ? { type: 'result', seq, value: undefined, stats: { ...m.stats }, slotLengths }
      : { type: 'result', seq, value, stats: { ...m.stats } }
    port.send(reply)
    if (call.op === 'nextMany') m.releaseLogits()
  } catch (err) {
    const partialTree = (err as { partialTree?: TreeNode[] } | null)?.partialTree
    port.send({
      type: 'failed',
      seq,
      error: toHostError(err),
      stats: { ...m.stats },
      ...(Array.isArray(partialTree) ? { partialTree } : {}),
    })
  }
}

port.onMessage((message: ToHost) => {
  if (message.type === 'load') void load(message)
  else if (message.type === 'cancel') runs.get(message.seq)?.abort()
  else {
    slot?.heard(message.consumed)
    void answer(message.seq, message.call)
  }
})
