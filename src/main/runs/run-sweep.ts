import type { Database } from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { InputError } from '../../core/errors'
import type { SweepPlan } from '../../core/sweep/sweep-grid'
import { timeLeftMs } from '../../core/sweep/sweep-eta'
import type { RunModelOptions } from '../../core/records'
import type { LanguageModel, RunProgress, TokenId } from '../../core/types'
import { forcedTokens } from './forced-tokens'
import { type ChatPrompt, chatPrompt } from '../chat-prompt'
import { runMetricsOf, runOne, type RunReport } from './run-experiment'
import { createExperiment } from '../store/experiments-repo'
import { setRunMetrics } from '../store/runs-repo'
import { cellRuns, createSweep, discardRun, findSweep, type Sweep } from '../store/sweeps-repo'
import { checkPromptFits } from './run-experiment'

/** A sweep as asked, by the CLI or the app: one strategy grid crossed with prompts. */
export interface SweepSettings {
  /** The model as asked (an id or a path): part of what identifies the sweep. */
  modelId: string
  prompts: readonly string[]
  plan: SweepPlan
  maxTokens: number
  topN: number
  /** `--force` token texts, checked after each prompt. */
  force?: string
  /** "As chat": each prompt as a user turn of the model's chat template, after this system prompt. */
  chat?: { system: string | null } | null
}

export interface PreparedPrompt {
  prompt: string
  promptIds: TokenId[]
  forced: TokenId[] | undefined
  chatPrompt?: ChatPrompt
}

/** Each prompt's stored sweep: one experiment with a run per grid cell. */
export interface PromptSweep extends PreparedPrompt {
  sweep: Sweep
  found: boolean
  runs: ReturnType<typeof cellRuns>
  /** Cells with a finished run before this session, to their run ids. */
  doneBefore: Map<number, number>
}

/** Tokenizes every prompt and checks its forced tokens, before anything is stored. */
export async function preparePrompts(model: LanguageModel, settings: SweepSettings): Promise<PreparedPrompt[]> {
  const out: PreparedPrompt[] = []
  for (const prompt of settings.prompts) {
    const rendered = settings.chat ? await chatPrompt(model, settings.chat.system, prompt) : undefined
    const promptIds = rendered ? rendered.ids : await model.tokenize(prompt)
    checkPromptFits(model, promptIds)
    const forced = settings.force === undefined ? undefined : await forcedTokens(model, promptIds, settings.force)
    out.push({ prompt, promptIds, forced, ...(rendered ? { chatPrompt: rendered } : {}) })
  }
  return out
}

/**
 * What identifies a prompt's sweep, so that asking again resumes it. One prompt gives the CLI's
 * definition as it always was; with several, each also names its list (by hash) and its place in it.
 */
export function sweepDefinition(
  settings: SweepSettings,
  index: number,
  forced: readonly TokenId[] | undefined,
): string {
  const { prompts, plan } = settings
  const batch =
    prompts.length > 1
      ? {
          batch: {
            prompts: createHash('sha256').update(JSON.stringify(prompts)).digest('hex'),
            index,
            size: prompts.length,
          },
        }
      : {}
  return JSON.stringify({
    model: settings.modelId,
    prompt: prompts[index],
    strategy: plan.base,
    grid: plan.axes,
    maxTokens: settings.maxTokens,
    topN: settings.topN,
    forced: forced ?? [],
    ...batch,
    ...(settings.chat ? { chat: settings.chat } : {}),
  })
}

/** Finds each prompt's sweep or creates it (its experiment and its cells, seeds fixed), and what finished before. */
export function openSweeps(
  db: Database,
  model: LanguageModel,
  settings: SweepSettings,
  prepared: readonly PreparedPrompt[],
): PromptSweep[] {
  return prepared.map((p, index) => {
    const definition = sweepDefinition(settings, index, p.forced)
    const found = findSweep(db, definition)
    const sweep: Sweep = found ?? {
      id: 0,
      experimentId: 0,
      cells: settings.plan.cells.map((c) => ({
        values: c.values,
        spec: p.forced ? { ...c.spec, forced: p.forced } : c.spec,
      })),
    }
    if (!found) {
      sweep.experimentId = createExperiment(db, {
        modelId: model.id,
        modelKind: model.kind,
        vocabSize: model.vocabSize,
        prompt: p.prompt,
        promptTokens: p.promptIds.map((id) => model.tokenText(id)),
        maxTokens: settings.maxTokens,
        topN: settings.topN,
      })
      sweep.id = createSweep(db, sweep.experimentId, definition, sweep.cells)
    }
    const runs = cellRuns(db, sweep.experimentId)
    const doneBefore = new Map(runs.filter((r) => r.status === 'done').map((r) => [r.position, r.id]))
    const busy = runs.find((r) => r.status === 'running' && !doneBefore.has(r.position))
    if (busy)
      throw new InputError(
        `sweep ${sweep.id}: another process is decoding its cell ${busy.position + 1} (run ${busy.id}); wait for it or stop it first`,
      )
    return { ...p, sweep, found: found !== null, runs, doneBefore }
  })
}

/** A cell of one prompt's sweep; `ordinal` counts the cells this session runs, from 0. */
export interface CellRef {
  sweep: PromptSweep
  prompt: number
  cell: number
  ordinal: number
}

export interface CellDone extends CellRef {
  report: RunReport
  /** Cells finished in this session, and how many it had to run. */
  finished: number
  todo: number
  elapsedMs: number
  etaMs: number | null
}

export interface SweepRunOptions {
  maxTokens: number
  topN: number
  /** Cells in flight at once. */
  concurrency: number
  signal: AbortSignal
  draftModels: ReadonlyMap<string, LanguageModel>
  /** How the model was loaded, recorded with each run (a re-run in the app loads it so). */
  modelOptions?: RunModelOptions
  yieldToEventLoop?: () => Promise<void>
  onRunStart?: (cell: CellRef, runId: number) => void
  onStep?: (cell: CellRef, p: RunProgress) => void
  onCellDone?: (done: CellDone) => void
}

/** The cells without a finished run, each cell on every prompt before the next cell. */
export function pendingCells(sweeps: readonly PromptSweep[]): Omit<CellRef, 'ordinal'>[] {
  const cells = sweeps[0]?.sweep.cells.length ?? 0
  const out: Omit<CellRef, 'ordinal'>[] = []
  for (let cell = 0; cell < cells; cell++)
    for (const [prompt, sweep] of sweeps.entries()) if (!sweep.doneBefore.has(cell)) out.push({ sweep, prompt, cell })
  return out
}

/**
 * Decodes the pending cells, `concurrency` at a time, storing each run and its metrics as it
 * finishes. A cancelled cell stops the sweep; what finished stays stored.
 */
export async function runSweepCells(
  db: Database,
  model: LanguageModel,
  sweeps: readonly PromptSweep[],
  options: SweepRunOptions,
): Promise<{ interrupted: boolean; reports: Map<PromptSweep, Map<number, RunReport>> }> {
  const todo = pendingCells(sweeps)
  const reports = new Map(sweeps.map((s) => [s, new Map<number, RunReport>()]))
  let interrupted = false
  let next = 0
  let finished = 0
  const started = performance.now()
  const worker = async (): Promise<void> => {
    while (!interrupted && next < todo.length) {
      const ordinal = next++
      const ref: CellRef = { ...todo[ordinal], ordinal }
      const { sweep, cell } = ref
      for (const r of sweep.runs) if (r.position === cell) discardRun(db, r.id)
      const report = await runOne(
        db,
        {
          model,
          maxTokens: options.maxTokens,
          topN: options.topN,
          signal: options.signal,
          draftModels: options.draftModels,
          modelOptions: options.modelOptions,
          chatPrompt: sweep.chatPrompt,
          yieldToEventLoop: options.yieldToEventLoop,
          onRunStart: (_, runId) => options.onRunStart?.(ref, runId),
          onProgress: options.onStep ? (_, p) => options.onStep?.(ref, p) : undefined,
        },
        sweep.sweep.experimentId,
        sweep.promptIds,
        cell,
        sweep.sweep.cells[cell].spec,
      )
      if (report.result) setRunMetrics(db, report.id, runMetricsOf(report, null))
      finished++
      reports.get(sweep)?.set(cell, report)
      const elapsedMs = performance.now() - started
      options.onCellDone?.({
        ...ref,
        report,
        finished,
        todo: todo.length,
        elapsedMs,
        etaMs: timeLeftMs(elapsedMs, finished, todo.length - finished),
      })
      if (report.status === 'cancelled') interrupted = true
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, todo.length) }, worker))
  return { interrupted, reports }
}
