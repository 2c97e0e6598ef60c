import { fork, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { LlamaModel, Token } from 'node-llama-cpp'
import { decode } from '../src/core/decode'
import { summarize } from '../src/core/distribution'
import { FIRST_CHAR_ID } from '../src/core/gguf/char-vocab'
import type { LanguageModel, RunResult, TokenId } from '../src/core/types'
import { loadHostedGgufModel, type HostedGgufModel } from '../src/main/models/gguf-host/hosted-gguf-model'
import { type GgufLanguageModel, loadGgufModel } from '../src/main/models/gguf-model'
import { FIXTURE_CHARS, manyChars, writeRandomGguf } from '../src/main/models/testing/gguf-fixtures'
import { writeQwen3Gguf } from '../src/main/models/testing/qwen3-gguf'
import { writeGemma3Gguf } from '../src/main/models/testing/gemma3-gguf'
import { interleavedMediansAsync, medianMs, timedAsync } from './measure'

const SHIPPED = path.join(__dirname, '..', 'resources', 'models', 'tang-poems.gguf')
const STEPS = 32
const TOP_N = 10
const BEAM_WIDTH = 4

/**
 * The GGUF backend against node-llama-cpp itself, on the shipped poem model, on a random model
 * with a 32,000-token vocabulary and on Qwen3's and Gemma 3's real vocabularies: greedy with the full tree recorded vs llama.cpp's own greedy,
 * a width-4 beam step vs a greedy step, and the tokens that KV-cache prefix reuse saves.
 */
export async function benchGguf(): Promise<Record<string, number | string>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-bench-'))
  try {
    const fixture = new Set<string>(FIXTURE_CHARS)
    const chars = [...FIXTURE_CHARS, ...manyChars(32_000).filter((c) => !fixture.has(c))].slice(
      0,
      32_000 - FIRST_CHAR_ID,
    )
    const random32k = writeRandomGguf(dir, 'random-32k.gguf', { chars, d: 256, layers: 4, heads: 4, ff: 768, seed: 1 })
    const qwen3 = writeQwen3Gguf(dir, 'qwen3-152k.gguf')
    // Gemma 3's 262,144 SentencePiece pieces, the largest vocabulary users have, in its own network
    // (a sliding window in every second block).
    const gemma3 = writeGemma3Gguf(dir, 'gemma3-262k.gguf', { architecture: 'gemma3', layers: 2 })
    return {
      ...(await benchModel('gguf.poems', SHIPPED, '《春')),
      ...(await benchModel('gguf.random32k', random32k, 'the ')),
      ...(await benchQwen152k(qwen3)),
      ...(await benchModel('gguf.gemma262k', gemma3, 'Hello world')),
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function benchModel(label: string, file: string, prompt: string): Promise<Record<string, number | string>> {
  // Ours decoded in the model host (the path users' runs take); node-llama-cpp's own generation, the baseline, in this process.
  const local = await loadGgufModel(file, { sequences: BEAM_WIDTH })
  const model = await loadHostedGgufModel(file, { sequences: BEAM_WIDTH })
  try {
    const promptIds = await model.tokenize(prompt)
    const context = model.bos === null ? promptIds : [model.bos, ...promptIds]
    const opts = { maxTokens: STEPS, topN: TOP_N }

    // Each ratio's two sides run in alternate rounds, so that both meet the same load. The baseline runs in
    // a child process (as ours runs in the model host: both wake in a process of their own each round),
    // then in this process (which adds the host's process switch to our side only).
    let greedyTokens = 0
    const ours = (): Promise<number> =>
      timedAsync(
        async () =>
          (greedyTokens = (await model.decodeInHost(promptIds, { name: 'greedy', params: {} }, opts)).sequences[0]
            .tokenIds.length),
      )
    let ownTokens = 0
    const own = await ownGreedyChild(file, BEAM_WIDTH)
    if (own.threads !== model.threads) {
      own.close()
      throw new Error(`the baseline runs ${own.threads} threads, ours ${model.threads}`)
    }
    // A 32-token run is 12–100 ms: enough rounds that the median is not one unlucky scheduling. Both sides
    // keep speeding up for the first ~60 runs after a load (V8 optimises node-llama-cpp's per-token code and
    // ours only then; interleaved with another process, later still), so the ratio is taken after 100.
    const [greedyMs, ownMs] = await interleavedMediansAsync(
      [ours, () => timedAsync(async () => (ownTokens = await own.run(context)))],
      31,
      100,
    ).finally(() => own.close())
    let ownHereTokens = 0
    const [greedyHereMs, ownHereMs] = await withOwnContext(local, (run) =>
      interleavedMediansAsync([ours, () => timedAsync(async () => (ownHereTokens = await run(context)))], 31, 8),
    )

    let beamSteps = 0
    const [beamMs, fourMs] = await interleavedMediansAsync(
      [
        () =>
          timedAsync(
            async () =>
              (beamSteps = steps(
                await model.decodeInHost(
                  promptIds,
                  { name: 'beam', params: { width: BEAM_WIDTH, lengthPenalty: 0 } },
                  opts,
                ),
              )),
          ),
        () => batchCost(model, context, BEAM_WIDTH),
      ],
      7,
      3,
    )
    const oneMs = await batchCost(model, context, 1)

    const counted = countingContexts(model)
    const before = model.stats.tokensEvaluated
    await decode(counted.model, promptIds, { name: 'beam', params: { width: BEAM_WIDTH, lengthPenalty: 0 } }, opts)
    const evaluated = model.stats.tokensEvaluated - before

    const native = await nativeCosts(local, context)
    const greedyTps = (1000 * greedyTokens) / greedyMs
    const ownTps = (1000 * ownTokens) / ownMs
    const ownHereTps = (1000 * ownHereTokens) / ownHereMs
    const greedyStepMs = greedyMs / greedyTokens
    const beamStepMs = beamMs / beamSteps
    return {
      [`${label}.vocab`]: model.vocabSize,
      [`${label}.threads`]: model.threads,
      [`${label}.greedyTokensPerS`]: greedyTps,
      [`${label}.llamaGreedyTokensPerS`]: ownTps,
      [`${label}.greedyRatio`]: greedyTps / ownTps,
      [`${label}.llamaGreedyInProcessTokensPerS`]: ownHereTps,
      [`${label}.greedyRatioVsInProcess`]: (1000 * greedyTokens) / greedyHereMs / ownHereTps,
      [`${label}.greedyStepMs`]: greedyStepMs,
      [`${label}.beam4StepMs`]: beamStepMs,
      [`${label}.beamGreedyStepRatio`]: beamStepMs / greedyStepMs,
      [`${label}.beamTokensEvaluated`]: evaluated,
      [`${label}.beamTokensFromScratch`]: counted.tokens,
      [`${label}.prefixReuseRatio`]: evaluated / counted.tokens,
      [`${label}.distribution1Ms`]: oneMs,
      [`${label}.distribution4Ms`]: fourMs,
      [`${label}.distribution4To1Ratio`]: fourMs / oneMs,
      [`${label}.llamaTokenOnlyMs`]: native.tokenMs,
      [`${label}.llamaWithConfidenceMs`]: native.confidenceMs,
      [`${label}.llamaFullDistributionMs`]: native.distributionMs,
    }
  } finally {
    await model.dispose()
    await local.dispose()
  }
}

/**
 * The Qwen3-shaped fixture (the real 151,936-token vocabulary, tiny random weights): the figures above, a
 * beam step against its floor, the fused summary against a plain softmax of one row, and a beam-4,
 * 64-token run with top-10 stored through the model host, in a process of its own for its peak RSS.
 */
async function benchQwen152k(file: string): Promise<Record<string, number | string>> {
  const label = 'gguf.qwen152k'
  const prompt = 'Hello world'
  const figures = await benchModel(label, file, prompt)
  const rowCosts = await summaryCosts(file, prompt)
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'gguf-peak-run.ts'), file, prompt],
    { encoding: 'utf8' },
  )
  const modelMb = fs.statSync(file).size / 2 ** 20
  const common = {
    ...figures,
    [`${label}.beamFloorRatio`]:
      (figures[`${label}.beam4StepMs`] as number) / (figures[`${label}.distribution4Ms`] as number),
    [`${label}.summaryMs`]: rowCosts.summaryMs,
    [`${label}.softmaxMs`]: rowCosts.softmaxMs,
    [`${label}.summaryToSoftmaxRatio`]: rowCosts.summaryMs / rowCosts.softmaxMs,
    [`${label}.modelMb`]: modelMb,
  }
  // A failed run is a figure too: the other figures stay.
  if (child.status !== 0)
    return { ...common, [`${label}.beam4PeakRunError`]: child.stderr.trim().split('\n')[0] ?? `exit ${child.status}` }
  const peak = JSON.parse(child.stdout) as {
    parentPeakMb: number
    hostPeakMb: number
    storedRunBytes: number
    treeNodes: number
  }
  return {
    ...common,
    [`${label}.beam4ParentPeakRssMb`]: peak.parentPeakMb,
    [`${label}.beam4HostPeakRssMb`]: peak.hostPeakMb,
    [`${label}.beam4PeakRssAboveModelMb`]: peak.parentPeakMb + peak.hostPeakMb - modelMb,
    [`${label}.beam4StoredRunBytes`]: peak.storedRunBytes,
    [`${label}.beam4TreeNodes`]: peak.treeNodes,
  }
}

/** One logits row of the model: summarize (top-10, entropy, other mass) against a plain softmax into a buffer. */
async function summaryCosts(file: string, prompt: string): Promise<{ summaryMs: number; softmaxMs: number }> {
  const model = await loadHostedGgufModel(file, { sequences: 1 })
  try {
    const promptIds = await model.tokenize(prompt)
    const dist = await model.next(model.bos === null ? promptIds : [model.bos, ...promptIds])
    if (dist.kind !== 'logits') throw new Error(`${file} gives no logits (${JSON.stringify(model.distributions)})`)
    const { logits } = dist
    const out = new Float64Array(logits.length)
    const softmax = (): void => {
      let max = -Infinity
      for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
      let z = 0
      for (let i = 0; i < logits.length; i++) z += out[i] = Math.exp(logits[i] - max)
      for (let i = 0; i < logits.length; i++) out[i] /= z
    }
    // Interleaved rounds, so that both meet the same load on a shared machine.
    const summaryTimes: number[] = []
    const softmaxTimes: number[] = []
    for (let r = 0; r < 5; r++) {
      summaryTimes.push(medianMs(() => void summarize(dist, TOP_N), 9))
      softmaxTimes.push(medianMs(softmax, 9))
    }
    const median = (a: number[]): number => a.sort((x, y) => x - y)[a.length >> 1]
    return { summaryMs: median(summaryTimes), softmaxMs: median(softmaxTimes) }
  } finally {
    await model.dispose()
  }
}

/** Steps a beam search ran: the length of its longest hypothesis. */
function steps(result: RunResult): number {
  return Math.max(...result.sequences.map((s) => s.tokenIds.length))
}

/** The model, counting the tokens every requested context would cost evaluated from scratch. */
function countingContexts(model: LanguageModel): { model: LanguageModel; tokens: number } {
  const out = { model, tokens: 0 }
  const count = (contexts: readonly (readonly TokenId[])[]): void => {
    for (const c of contexts) out.tokens += c.length
  }
  out.model = Object.assign(Object.create(model) as LanguageModel, {
    next: (c: readonly TokenId[], signal?: AbortSignal) => (count([c]), model.next(c, signal)),
    nextMany: (cs: readonly (readonly TokenId[])[], signal?: AbortSignal) => (count(cs), model.nextMany!(cs, signal)),
  })
  return out
}

/**
 * The floor under a beam step, ms per step: next-token distributions for `width` sequences that each grow
 * by one token (one llama.cpp batch), with no search or recording on top.
 */
async function batchCost(model: HostedGgufModel, context: TokenId[], width: number): Promise<number> {
  const token = context[context.length - 1]
  // Distinct first tokens keep each context on its own sequence.
  let contexts = Array.from({ length: width }, (_, i) => [...context, (token + i + 1) % model.vocabSize])
  await model.nextMany(contexts)
  const start = performance.now()
  for (let i = 0; i < STEPS; i++) {
    contexts = contexts.map((c) => [...c, token])
    await model.nextMany(contexts)
  }
  return (performance.now() - start) / STEPS
}

/** node-llama-cpp's own greedy generation in a child process of its own (bench/gguf-own-child.ts). */
async function ownGreedyChild(
  file: string,
  sequences: number,
): Promise<{ threads: number; run: (context: TokenId[]) => Promise<number>; close: () => void }> {
  const child = fork(path.join(__dirname, 'gguf-own-child.ts'), [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
  })
  const ask = <T>(message: object): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`the baseline's process ended (${code})`))
      child.once('exit', onExit)
      child.once('message', (m) => {
        child.off('exit', onExit)
        resolve(m as T)
      })
      child.send(message)
    })
  const { threads } = await ask<{ threads: number }>({ file, sequences })
  return {
    threads,
    run: async (context) => (await ask<{ tokens: number }>({ context, steps: STEPS })).tokens,
    close: () => void child.kill(),
  }
}

/** node-llama-cpp's own greedy generation (temperature 0) on a context of its own, with the model's thread count. */
async function withOwnContext<T>(
  model: GgufLanguageModel,
  use: (run: (context: TokenId[]) => Promise<number>) => Promise<T>,
): Promise<T> {
  const ctx = await model.llamaModel.createContext({
    contextSize: model.contextSize,
    sequences: 1,
    threads: model.threads,
  })
  try {
    const seq = ctx.getSequence()
    return await use(async (context) => {
      await seq.clearHistory()
      let n = 0
      for await (const token of seq.evaluate(context as Token[], { temperature: 0 })) {
        if (++n >= STEPS || token === model.eos) break
      }
      return n
    })
  } finally {
    await ctx.dispose()
  }
}

/**
 * Per-token cost inside node-llama-cpp: a next token only; with its confidence (adds llama.cpp's sort
 * and softmax of the whole vocabulary in C++); and the full probability Map (adds handing every
 * (token, probability) pair to JavaScript one napi value at a time, then building the Map).
 */
async function nativeCosts(
  model: GgufLanguageModel,
  context: TokenId[],
): Promise<{ tokenMs: number; confidenceMs: number; distributionMs: number }> {
  const llama: LlamaModel = model.llamaModel
  const ctx = await llama.createContext({ contextSize: model.contextSize, sequences: 1, threads: model.threads })
  try {
    const seq = ctx.getSequence()
    const time = async (
      generateNext: { token: true; confidence?: true } | { probabilities: true },
    ): Promise<number> => {
      await seq.clearHistory()
      await seq.controlledEvaluate(context.slice(0, -1) as Token[])
      let token = context[context.length - 1] as Token
      const start = performance.now()
      for (let i = 0; i < STEPS; i++) {
        const next = (await seq.controlledEvaluate([[token, { generateNext }]]))[0]?.next
        token = (next?.token ?? next?.probabilities?.keys().next().value ?? 0) as Token
      }
      return (performance.now() - start) / STEPS
    }
    await time({ token: true })
    return {
      tokenMs: await time({ token: true }),
      confidenceMs: await time({ token: true, confidence: true }),
      distributionMs: await time({ probabilities: true }),
    }
  } finally {
    await ctx.dispose()
  }
}
