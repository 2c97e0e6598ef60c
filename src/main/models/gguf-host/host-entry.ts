import { type GgufLanguageModel, loadGgufModel, setLlamaLogSink } from '../gguf-model'
import type { FromHost, HostCall, HostedModelInfo, HostError, ToHost } from './host-protocol'
import { hostPort } from './host-port'

/**
 * The model host: a child process that loads one GGUF model with llama.cpp and answers calls on it.
 * llama.cpp may abort() on a damaged model; then only this process dies, and its parent says why.
 */
const port = hostPort()
let model: GgufLanguageModel | null = null
// llama.cpp's warnings and errors go to stderr, where the parent reads the last one when this process dies.
setLlamaLogSink((line) => process.stderr.write(`${line}\n`))

const toHostError = (err: unknown): HostError =>
  err instanceof Error ? { name: err.name, message: err.message } : { name: 'Error', message: String(err) }

async function load(message: Extract<ToHost, { type: 'load' }>): Promise<void> {
  try {
    model = await loadGgufModel(message.path, message.options, message.id)
    const m = model
    const tokenTexts = Array.from({ length: m.vocabSize }, (_, id) => m.tokenText(id))
    const tokenBytes = packTokenBytes(m)
    port.send({
      type: 'loaded',
      info: { vocabSize: m.vocabSize, bos: m.bos, eos: m.eos, endTokens: [...m.endTokens], contextSize: m.contextSize, threads: m.threads, distributions: m.distributions, gpu: m.gpu, chatTemplate: m.chatTemplate, tokenTexts, tokenBytes },
    })
  } catch (err) {
    port.send({ type: 'loadFailed', error: toHostError(err) })
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

async function run(m: GgufLanguageModel, call: HostCall): Promise<unknown> {
  switch (call.op) {
    case 'tokenize':
      return m.tokenize(call.text)
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

async function answer(seq: number, call: HostCall): Promise<void> {
  if (!model) throw new Error('the model host got a call before its model was loaded')
  const m = model
  try {
    const value = await run(m, call)
    const reply: FromHost = { type: 'result', seq, value, stats: { ...m.stats } }
    port.send(reply)
  } catch (err) {
    port.send({ type: 'failed', seq, error: toHostError(err), stats: { ...m.stats } })
  }
}

port.onMessage((message: ToHost) => {
  if (message.type === 'load') void load(message)
  else void answer(message.seq, message.call)
})
