import { randomInt } from 'node:crypto'
import { MAX_TOKENS } from '../../core/contract'
import { DEFAULT_MAX_TOKENS, DEFAULT_TOP_N } from '../../core/decode'
import { InputError } from '../../core/errors'
import { score } from '../../core/score'
import { MAX_SEED, parseStrategySpec, type StrategySpec } from '../../core/strategy-spec'
import type { RunModelOptions } from '../../core/records'
import { listModels, resolveModel } from '../models/registry'
import { databasePath } from '../paths'
import { checkPromptFits, runExperiment } from '../runs/run-experiment'
import { openDatabase } from '../store/database'
import { getRun, listRuns } from '../store/runs-repo'
import { addNgramCommand } from './add-ngram-command'
import { addRemoteCommand } from './add-remote-command'
import { discoverCommand } from './discover-command'
import { contextOption, GPU_FLAGS, gpuOptions, recordedModelOptions } from './gpu-flags'
import { CHAT_FLAGS, chatFlag } from './chat-flags'
import { type ChatPrompt, chatPrompt, chatSetting } from '../chat-prompt'
import { runProvenance } from '../provenance/run-provenance'
import { disposeAll, loadDraftModels } from '../runs/draft-models'
import { forcedTokens } from '../runs/forced-tokens'
import type { LanguageModel, TokenId } from '../../core/types'
import { scoreAsRun, scoreSpec } from '../../core/score-run'
import { saveScoreRun } from '../store/score-run'
import { parse, required, wholeNumber } from './args'
import { UsageError } from './cli-error'
import { printExperiment, printRun, printRuns, printScore } from './print'
import { experimentJson, runDetailJson, runSummaryJson, scoreJson } from './json-output'
import type { Io } from './io'

const drawSeed = (): number => randomInt(0, MAX_SEED)

export async function modelsCommand(args: string[], io: Io): Promise<number> {
  if (args[0] === 'add-ngram') return addNgramCommand(args.slice(1), io)
  if (args[0] === 'add-remote') return addRemoteCommand(args.slice(1), io)
  const { values } = parse('models', args, {
    json: { type: 'boolean' },
    discover: { type: 'boolean' },
    folder: { type: 'string', multiple: true },
  })
  if (values.discover) return discoverCommand(values.folder ?? [], values.json === true, io)
  if (values.folder) throw new UsageError('models: --folder goes with --discover')
  const models = listModels()
  if (values.json) io.out(JSON.stringify({ models }))
  else for (const m of models) io.out(`${m.id}  (${m.kind}${m.builtin ? ', built-in' : ''})  ${m.description}`)
  return 0
}

export async function runCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse('run', args, {
    model: { type: 'string' },
    prompt: { type: 'string', default: '' },
    strategy: { type: 'string', multiple: true },
    'max-tokens': { type: 'string' },
    top: { type: 'string' },
    force: { type: 'string' },
    'context-size': { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
    ...GPU_FLAGS,
    ...CHAT_FLAGS,
  })
  const modelId = required('run', '--model', values.model)
  if (!values.strategy?.length) throw new UsageError('run: at least one --strategy is required, e.g. --strategy greedy')
  const strategies = values.strategy.map((s) => parseStrategySpec(s, drawSeed))
  const maxTokens = wholeNumber('--max-tokens', values['max-tokens'], DEFAULT_MAX_TOKENS, 0, MAX_TOKENS)
  const topN = wholeNumber('--top', values.top, DEFAULT_TOP_N, 1)
  const loadOptions = { ...gpuOptions(values), ...contextOption(values['context-size']) }
  const model = await resolveModel(modelId, undefined, loadOptions)
  const drafts = new Map<string, LanguageModel>()
  try {
    const chat = chatSetting(model, chatFlag(values), values.system)
    const rendered = chat ? await chatPrompt(model, chat.system, values.prompt) : undefined
    const promptIds = rendered ? rendered.ids : await model.tokenize(values.prompt)
    checkPromptFits(model, promptIds)
    const forced = values.force === undefined ? undefined : await forcedTokens(model, promptIds, values.force)
    const specs = forced ? strategies.map((s) => ({ ...s, forced })) : strategies
    for (const [name, draft] of await loadDraftModels(model, specs)) drafts.set(name, draft)
    const db = openDatabase(databasePath(values.db))
    const controller = new AbortController()
    const onSignal = () => controller.abort()
    process.once('SIGINT', onSignal)
    try {
      const result = await runExperiment(db, {
        model,
        prompt: values.prompt,
        strategies: specs,
        draftModels: drafts,
        chatPrompt: rendered,
        modelOptions: recordedModelOptions(loadOptions),
        maxTokens,
        topN,
        signal: controller.signal,
        // Metrics are stored for every run (reports show them); the search gap's exact search costs a
        // forward pass per expansion on a neural model, so there only --json, which promises it, runs it.
        metrics: true,
        searchGap: values.json === true || model.kind === 'table' || model.kind === 'ngram',
        yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
        onProgress: io.live
          ? (i, p) =>
              io.err(
                `\r[${i + 1}/${strategies.length}] ${strategies[i].name}: step ${p.step}/${p.maxTokens}, ${p.treeNodes} nodes\x1b[K`,
              )
          : undefined,
        onRunStart: (i, id, spec) =>
          io.err(`${io.live ? '\r' : ''}[${i + 1}/${strategies.length}] run ${id}: ${spec.name}\n`),
      })
      if (values.json) io.out(JSON.stringify(experimentJson(model, values.prompt, result)))
      else printExperiment(io, model, values.prompt, result)
      const failed = result.runs.find((r) => r.status !== 'done')
      if (failed) {
        io.err(`run ${failed.id} (${failed.strategy.name}) ${failed.status}: ${failed.error?.message ?? ''}\n`)
        return 1
      }
      return 0
    } finally {
      process.off('SIGINT', onSignal)
      db.close()
    }
  } finally {
    await disposeAll(drafts)
    await model.dispose?.()
  }
}

export async function scoreCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse('score', args, {
    model: { type: 'string' },
    text: { type: 'string' },
    prompt: { type: 'string', default: '' },
    eos: { type: 'boolean' },
    'context-size': { type: 'string' },
    json: { type: 'boolean' },
    ranks: { type: 'boolean' },
    save: { type: 'boolean' },
    db: { type: 'string' },
    top: { type: 'string' },
    ...GPU_FLAGS,
    ...CHAT_FLAGS,
  })
  const loadOptions = { ...gpuOptions(values), ...contextOption(values['context-size']) }
  const model = await resolveModel(required('score', '--model', values.model), undefined, loadOptions)
  try {
    const text = required('score', '--text', values.text)
    // Raw unless asked: with --chat (or --system) the prompt is the user turn and the text the assistant's
    // reply, scored after the rendered generation prompt, as `run --chat` decodes from it.
    const chat = chatSetting(model, chatFlag(values) ?? (values.system ? true : false), values.system)
    const rendered = chat ? await chatPrompt(model, chat.system, values.prompt) : undefined
    const promptIds = rendered ? rendered.ids : await model.tokenize(values.prompt)
    checkPromptFits(model, promptIds)
    const textIds = await model.tokenize(text, promptIds.length > 0 ? 'continuation' : 'prompt')
    if (values.eos) textIds.push(model.eos)
    const started = performance.now()
    const result = await score(model, promptIds, textIds, undefined, { ranks: values.ranks === true })
    const saved = values.save
      ? await saveScore({
          model,
          prompt: values.prompt,
          promptIds,
          rendered,
          spec: scoreSpec(text, values.eos === true),
          topN: wholeNumber('--top', values.top, DEFAULT_TOP_N, 1),
          modelOptions: recordedModelOptions(loadOptions),
          started,
          dbPath: values.db,
        })
      : null
    const context = rendered ? { chat: { system: rendered.record.system, prompt: rendered.text } } : {}
    if (values.json) io.out(JSON.stringify({ ...context, ...scoreJson(result), ...(saved ? saved : {}) }))
    else {
      printScore(io, result)
      if (saved) io.out(`saved as run ${saved.runId} (experiment ${saved.experimentId})`)
    }
    return 0
  } finally {
    await model.dispose?.()
  }
}

interface ScoreToSave {
  model: LanguageModel
  prompt: string
  promptIds: TokenId[]
  /** The chat prompt the text was scored after, when as chat. */
  rendered?: ChatPrompt
  spec: StrategySpec
  topN: number
  modelOptions: RunModelOptions
  started: number
  dbPath: string | undefined
}

/** Scores the text again as a run of the score strategy and stores it, with its record (chat, load options) as `run` keeps one. */
async function saveScore(s: ScoreToSave) {
  const provenance = runProvenance(s.model, s.spec, s.rendered?.record, s.modelOptions).catch(() => undefined)
  const run = await scoreAsRun(s.model, s.promptIds, s.spec, s.topN)
  // As runExperiment does: the tree's root is the rendered chat prompt.
  if (s.rendered) run.tree[0].text = s.rendered.text
  const db = openDatabase(databasePath(s.dbPath))
  try {
    return saveScoreRun(db, {
      model: s.model,
      prompt: s.prompt,
      promptTokens: s.promptIds.map((id) => s.model.tokenText(id)),
      topN: s.topN,
      spec: s.spec,
      result: run,
      elapsedMs: Math.round(performance.now() - s.started),
      provenance: await provenance,
    })
  } finally {
    db.close()
  }
}

export async function runsCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse('runs', args, {
    db: { type: 'string' },
    json: { type: 'boolean' },
    limit: { type: 'string' },
  })
  const limit = wholeNumber('--limit', values.limit, 1000, 1)
  const db = openDatabase(databasePath(values.db))
  try {
    const runs = listRuns(db, { limit })
    if (values.json) io.out(JSON.stringify({ runs: runs.map(runSummaryJson) }))
    else printRuns(io, runs)
    return 0
  } finally {
    db.close()
  }
}

export async function showCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('show', args, { db: { type: 'string' }, json: { type: 'boolean' } }, 1)
  const idText = required('show', 'RUN_ID', positionals[0])
  const id = Number(idText)
  if (!Number.isInteger(id) || id < 1)
    throw new UsageError(`show: RUN_ID must be a positive whole number, got "${idText}"`)
  const file = databasePath(values.db)
  const db = openDatabase(file)
  try {
    const run = getRun(db, id)
    if (!run) throw new InputError(`no run ${id} in ${file}; list the runs with: runs --db ${file}`)
    if (values.json) io.out(JSON.stringify(runDetailJson(run)))
    else printRun(io, run)
    return 0
  } finally {
    db.close()
  }
}
