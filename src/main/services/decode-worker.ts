import { parentPort, workerData } from 'node:worker_threads'
import { appMessage, InputError } from '../../core/errors'
import { compareStepOrder } from '../runs/compare-order'
import { textTokens } from '../../core/force-text'
import type { StrategySpec } from '../../core/strategy-spec'
import { disposeAll, loadDraftModels } from '../runs/draft-models'
import { checkForced } from '../runs/forced-tokens'
import type { LanguageModel } from '../../core/types'
import { chatPrompt, chatSetting, experimentChat } from '../chat-prompt'
import { experimentModelOptions, recordedOrAsked } from '../runs/branch-model-options'

import { type ModelLoadOptions, modelSignature, resolveModel } from '../models/registry'
import { checkPromptFits, runExperiment } from '../runs/run-experiment'
import { openDatabase } from '../store/database'
import { runSweepJob } from './sweep-job'
import { runProvenance } from '../provenance/run-provenance'
import { scoreAsRun, scoreSpec } from '../../core/score-run'
import { saveScoreRun } from '../store/score-run'
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol'

/** The decoding core's thread: one job at a time, its own database connection, models kept loaded. */
const port = parentPort
if (!port) throw new Error('decode-worker must run in a worker thread')
const { dbPath } = workerData as WorkerData
const db = openDatabase(dbPath)
const controllers = new Map<number, AbortController>()
let loaded: { id: string; signature: string; apiKey?: string; model: LanguageModel } | null = null

const send = (message: FromWorker): void => port.postMessage(message)
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** The model kept loaded between jobs, reloaded when the same id now names something else or its host died. */
async function modelFor(id: string, apiKey?: string, opts: ModelLoadOptions = {}): Promise<LanguageModel> {
  // The load options are part of what is loaded: another context size or GPU use loads the model again.
  const signature = `${modelSignature(id)}\0${JSON.stringify(opts)}`
  // A hosted GGUF model whose host process died (llama.cpp aborted) is replaced by a fresh one.
  const dead = (loaded?.model as { dead?: boolean } | undefined)?.dead === true
  if (loaded?.id === id && loaded.signature === signature && loaded.apiKey === apiKey && !dead) return loaded.model
  await loaded?.model.dispose?.()
  loaded = null
  const model = await resolveModel(id, apiKey, opts)
  loaded = { id, signature, apiKey, model }
  return model
}

async function start({ jobId, request, apiKey }: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const controller = new AbortController()
  controllers.set(jobId, controller)
  let experimentId: number | null = null
  let drafts: ReadonlyMap<string, LanguageModel> = new Map()
  try {
    // A branch loads the model as its experiment's runs did: the same context size and GPU layers.
    const recorded = request.experimentId === undefined ? undefined : experimentModelOptions(db, request.experimentId)
    const modelOptions = recordedOrAsked(recorded, request)
    const model = await modelFor(request.model, apiKey, modelOptions)
    // A branch decodes from the prompt its experiment's runs saw, chat or not.
    const chat =
      request.experimentId !== undefined
        ? (experimentChat(db, request.experimentId) ?? null)
        : chatSetting(model, request.chat, request.system)
    const rendered = chat ? await chatPrompt(model, chat.system, request.prompt) : undefined
    const strategies: StrategySpec[] = []
    // Validated at the boundary (the contract) and seeded by the service; an edited branch text becomes its
    // tokens, as what it adds after the prompt.
    const at = rendered || request.prompt !== '' ? 'continuation' : 'prompt'
    for (const { forcedText, ...spec } of request.strategies) {
      const forced = forcedText === undefined ? spec.forced : await textTokens(model, forcedText, 'the branch text', at)
      strategies.push({ ...spec, ...(forced ? { forced } : {}) })
    }
    if (strategies.some((s) => s.forced)) {
      const promptIds = rendered ? rendered.ids : await model.tokenize(request.prompt)
      checkPromptFits(model, promptIds)
      for (const s of strategies) if (s.forced) await checkForced(model, promptIds, s.forced)
    }
    drafts = await loadDraftModels(model, strategies)
    const result = await runExperiment(db, {
      model,
      draftModels: drafts,
      chatPrompt: rendered,
      modelOptions,
      metrics: true,
      // An exact search for the search gap costs up to thousands of forward passes on a neural model.
      searchGap: model.kind === 'table' || model.kind === 'ngram',
      prompt: request.prompt,
      strategies,
      maxTokens: request.maxTokens,
      topN: request.topN,
      signal: controller.signal,
      yieldToEventLoop: tick,
      experimentId: request.experimentId,
      onExperiment: (id) => (experimentId = id),
      onRunStart: (index, runId, strategy) =>
        send({ type: 'run.started', payload: { jobId, experimentId: experimentId as number, runId, index, strategy } }),
      onProgress: (_index, p, runId) =>
        send({
          type: 'run.progress',
          payload: { jobId, runId, step: p.step, maxTokens: p.maxTokens, text: p.text, treeNodes: p.treeNodes },
        }),
      onRunFinished: (r) =>
        send({
          type: 'run.finished',
          payload: { jobId, runId: r.id, status: r.status, error: r.error ? appMessage(r.error) : null },
        }),
    })
    send({ type: 'job.finished', payload: { jobId, experimentId: result.experimentId, error: null } })
  } catch (err) {
    const message = appMessage(err)
    send({ type: 'job.finished', payload: { jobId, experimentId, error: message } })
  } finally {
    controllers.delete(jobId)
    await disposeAll(drafts)
  }
}

async function sweep({ jobId, request, apiKey }: Extract<ToWorker, { type: 'sweep' }>): Promise<void> {
  const controller = new AbortController()
  controllers.set(jobId, controller)
  try {
    await runSweepJob({
      db,
      jobId,
      request,
      modelFor: (id) => modelFor(id, apiKey),
      signal: controller.signal,
      send,
      yieldToEventLoop: tick,
    })
  } finally {
    controllers.delete(jobId)
    send({ type: 'job.finished', payload: { jobId, experimentId: null, error: null } })
  }
}

/** A scored text, saved as a run of the score strategy once it is scored: it sends no run events, only job.finished. */
async function scoreJob({ jobId, request, apiKey }: Extract<ToWorker, { type: 'score' }>): Promise<void> {
  const controller = new AbortController()
  controllers.set(jobId, controller)
  try {
    const started = performance.now()
    const modelOptions = {
      ...(request.gpuLayers === undefined ? {} : { gpuLayers: request.gpuLayers }),
      ...(request.contextSize === undefined ? {} : { contextSize: request.contextSize }),
    }
    const model = await modelFor(request.model, apiKey, modelOptions)
    const promptIds = await model.tokenize(request.prompt)
    checkPromptFits(model, promptIds)
    const spec = scoreSpec(request.text)
    // Hashing a large model file runs while the text is scored; the text is scored raw, never as chat.
    const provenance = runProvenance(model, spec, undefined, modelOptions).catch(() => undefined)
    const run = await scoreAsRun(model, promptIds, spec, request.topN, controller.signal)
    const saved = saveScoreRun(db, {
      model,
      prompt: request.prompt,
      promptTokens: promptIds.map((id) => model.tokenText(id)),
      topN: request.topN,
      spec,
      result: run,
      elapsedMs: Math.round(performance.now() - started),
      provenance: await provenance,
    })
    send({ type: 'job.finished', payload: { jobId, experimentId: saved.experimentId, error: null } })
  } catch (err) {
    send({ type: 'job.finished', payload: { jobId, experimentId: null, error: appMessage(err) } })
  } finally {
    controllers.delete(jobId)
  }
}

/** A step of a stored run under another order: answered to the service, no events. */
async function compareOrderJob({ jobId, request, apiKey }: Extract<ToWorker, { type: 'compareOrder' }>): Promise<void> {
  try {
    const result = await compareStepOrder(db, (id, opts) => modelFor(id, apiKey, opts), request)
    send({ type: 'answer', jobId, result })
  } catch (err) {
    send({ type: 'answer', jobId, error: appMessage(err), input: err instanceof InputError })
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'start') void start(message)
  else if (message.type === 'compareOrder') void compareOrderJob(message)
  else if (message.type === 'score') void scoreJob(message)
  else if (message.type === 'sweep') void sweep(message)
  else controllers.get(message.jobId)?.abort()
})
