import type { Token } from 'node-llama-cpp'
import { loadGgufModel } from '../src/main/models/gguf-model'

/**
 * node-llama-cpp's own greedy generation in a child process of the bench, the baseline of the greedy
 * ratios: ours decodes in the model host, so both sides wake in a process of their own each round.
 * Messages: {file, sequences} loads (answers {threads}); {context, steps} generates (answers {tokens}).
 */
type Message = { file: string; sequences: number } | { context: number[]; steps: number }

let run: ((context: number[], steps: number) => Promise<number>) | null = null

async function load(file: string, sequences: number): Promise<number> {
  const model = await loadGgufModel(file, { sequences })
  const ctx = await model.llamaModel.createContext({
    contextSize: model.contextSize,
    sequences: 1,
    threads: model.threads,
  })
  const seq = ctx.getSequence()
  run = async (context, steps) => {
    await seq.clearHistory()
    let n = 0
    for await (const token of seq.evaluate(context as Token[], { temperature: 0 })) {
      if (++n >= steps || token === model.eos) break
    }
    return n
  }
  return model.threads
}

process.on('message', (m: Message) => {
  const reply = (value: object): void => void process.send?.(value)
  if ('file' in m) void load(m.file, m.sequences).then((threads) => reply({ threads }))
  else void run?.(m.context, m.steps).then((tokens) => reply({ tokens }))
})
process.on('disconnect', () => process.exit(0))
