import { randomInt } from 'node:crypto'
import fs from 'node:fs'
import { MAX_TOKENS } from '../../core/contract'
import { DEFAULT_MAX_TOKENS, DEFAULT_TOP_N } from '../../core/decode'
import { MAX_SEED, type StrategySpec } from '../../core/strategy-spec'
import { formatDuration } from '../../core/sweep/sweep-eta'
import { promptsFromText } from '../../core/sweep/prompts-text'
import { cellLabel } from '../../core/sweep/sweep-table'
import type { LanguageModel, Sequence, SpeculativeStats } from '../../core/types'
import { resolveModel } from '../models/registry'
import { contextOption, GPU_FLAGS, gpuOptions, recordedModelOptions } from './gpu-flags'
import { CHAT_FLAGS, chatFlag } from './chat-flags'
import { chatSetting } from '../chat-prompt'
import { databasePath } from '../paths'
import { openDatabase } from '../store/database'
import { getRun, type RunStatus } from '../store/runs-repo'
import type { Sweep } from '../store/sweeps-repo'
import { openSweeps, pendingCells, preparePrompts, runSweepCells, type SweepSettings } from '../runs/run-sweep'
import { parse, required, wholeNumber } from './args'
import { UsageError } from './cli-error'
import type { Io } from './io'
import { table, visible } from './format'
import { disposeAll, loadDraftModels } from '../runs/draft-models'
import { getSweep } from '../sweep/stored-sweeps'
import { firstSeedOf, MAX_SWEEP_SEEDS, planSeededSweep, seedIntervals } from '../../core/sweep/sweep-seeds'
import { printSeedIntervals } from './sweep-seeds'
import { intervalsCsv } from '../../core/report/research-csv'
import { InputError } from '../../core/errors'

/** What one cell came to, from this invocation or an earlier one. */
interface CellReport {
  index: number
  values: Record<string, number>
  strategy: StrategySpec
  runId: number | null
  status: RunStatus | 'pending'
  /** Finished by an earlier invocation of the same sweep. */
  resumed: boolean
  elapsedMs: number | null
  sequences: number
  meanLogProb: number | null
  meanLength: number | null
  /** Distinct texts among the sequences. */
  distinct: number
  speculative?: SpeculativeStats
}

/**
 * `sweep`: one experiment with a run per grid cell, stored as it goes. Asking for the same sweep
 * again (same model, prompt, strategy, grid and limits) finds it and runs only the cells without
 * a finished run, so an interrupted sweep resumes where it stopped.
 */
export async function sweepCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse('sweep', args, {
    model: { type: 'string' },
    prompt: { type: 'string' },
    prompts: { type: 'string' },
    strategy: { type: 'string', multiple: true },
    grid: { type: 'string', multiple: true },
    samples: { type: 'string' },
    seeds: { type: 'string' },
    csv: { type: 'string' },
    'max-tokens': { type: 'string' },
    top: { type: 'string' },
    force: { type: 'string' },
    concurrency: { type: 'string' },
    'context-size': { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
    ...GPU_FLAGS,
    ...CHAT_FLAGS,
  })
  const modelId = required('sweep', '--model', values.model)
  if (values.strategy?.length !== 1)
    throw new UsageError('sweep: give exactly one --strategy, e.g. --strategy nucleus; its parameters go on --grid')
  if (values.prompt !== undefined && values.prompts !== undefined)
    throw new UsageError('sweep: give --prompt TEXT or --prompts FILE, not both')
  const prompts = values.prompts === undefined ? [values.prompt ?? ''] : readPrompts(values.prompts)
  const samples = values.samples === undefined ? undefined : wholeNumber('--samples', values.samples, 1, 1)
  const seedCount = values.seeds === undefined ? undefined : wholeNumber('--seeds', values.seeds, 1, 1, MAX_SWEEP_SEEDS)
  const plan = planSeededSweep(values.strategy[0], values.grid ?? [], samples, seedCount, () => randomInt(0, MAX_SEED))
  const firstSeed = seedCount === undefined ? null : firstSeedOf(plan.axes)
  if (values.csv !== undefined && firstSeed === null)
    throw new UsageError('sweep: --csv writes the intervals of a sweep over seeds; give --seeds N too')
  const maxTokens = wholeNumber('--max-tokens', values['max-tokens'], DEFAULT_MAX_TOKENS, 0, MAX_TOKENS)
  const topN = wholeNumber('--top', values.top, DEFAULT_TOP_N, 1)
  const loadOptions = { ...gpuOptions(values), ...contextOption(values['context-size']) }
  const model = await resolveModel(modelId, undefined, loadOptions)
  // Cells in flight at once: a remote engine batches them; a local model would only queue them.
  const concurrency = wholeNumber('--concurrency', values.concurrency, model.kind === 'remote' ? 4 : 1, 1)
  let drafts = new Map<string, LanguageModel>()
  try {
    const settings: SweepSettings = {
      modelId,
      prompts,
      plan,
      maxTokens,
      topN,
      force: values.force,
      chat: chatSetting(model, chatFlag(values), values.system),
    }
    const prepared = await preparePrompts(model, settings)
    drafts = await loadDraftModels(model, [plan.base])
    const db = openDatabase(databasePath(values.db))
    const controller = new AbortController()
    const onSignal = () => controller.abort()
    process.once('SIGINT', onSignal)
    try {
      const opened = openSweeps(db, model, settings, prepared)
      const head = opened[0].sweep
      const several = opened.length > 1
      const todo = pendingCells(opened)
      const before = opened.reduce((n, o) => n + o.doneBefore.size, 0)
      const where = several
        ? `sweep ${head.id}: ${head.cells.length} cells × ${opened.length} prompts`
        : `sweep ${head.id} (experiment ${head.experimentId}): ${head.cells.length} cells`
      io.err(`${where}${opened.some((o) => o.found) ? `, ${before} done before` : ''}, ${todo.length} to run\n`)
      const reports = new Map(opened.map((o) => [o, new Map<number, CellReport>()]))
      for (const o of opened)
        for (const [i, id] of o.doneBefore) reports.get(o)?.set(i, storedCell(db, i, o.sweep.cells[i], id))
      const promptNote = (p: number): string => (several ? ` prompt ${p + 1}` : '')
      const { interrupted } = await runSweepCells(db, model, opened, {
        maxTokens,
        topN,
        concurrency,
        signal: controller.signal,
        draftModels: drafts,
        modelOptions: recordedModelOptions(loadOptions),
        yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
        onStep: io.live
          ? ({ cell, prompt, ordinal }, p) =>
              io.err(
                `\r[${ordinal + 1}/${todo.length}] cell ${cell + 1}${promptNote(prompt)}: step ${p.step}/${p.maxTokens}, ${p.treeNodes} nodes\x1b[K`,
              )
          : undefined,
        onCellDone: ({ sweep: o, prompt, cell: i, report, finished, todo: count, etaMs }) => {
          const c = o.sweep.cells[i]
          const eta =
            etaMs !== null && count > finished ? `; ${count - finished} left, about ${formatDuration(etaMs)}` : ''
          const [lead, clear] = io.live ? ['\r', '\x1b[K'] : ['', '']
          io.err(
            `${lead}[${finished}/${count}] cell ${i + 1}${promptNote(prompt)} ${cellLabel(c.values)}: run ${report.id} ${report.status} in ${formatDuration(report.elapsedMs)}${eta}${clear}\n`,
          )
          reports
            .get(o)
            ?.set(
              i,
              cellReport(
                i,
                c,
                report.id,
                report.status,
                false,
                report.elapsedMs,
                report.result?.sequences ?? [],
                report.result?.speculative,
              ),
            )
        },
      })
      const results = opened.map((o) => {
        const cells = o.sweep.cells.map(
          (c, i) => reports.get(o)?.get(i) ?? cellReport(i, c, null, 'pending', false, null, []),
        )
        return {
          sweepId: o.sweep.id,
          experimentId: o.sweep.experimentId,
          prompt: o.prompt,
          total: cells.length,
          done: cells.filter((c) => c.status === 'done').length,
          cells,
        }
      })
      const total = results.reduce((n, r) => n + r.total, 0)
      const done = results.reduce((n, r) => n + r.done, 0)
      const modelJson = { id: model.id, kind: model.kind }
      const detail = firstSeed === null ? null : getSweep(db, head.id)
      const intervals = firstSeed !== null && detail ? { intervals: seedIntervals(detail.cells, firstSeed) } : {}
      if (values.csv !== undefined && intervals.intervals) {
        try {
          fs.writeFileSync(values.csv, intervalsCsv(plan.base.name, intervals.intervals))
        } catch (err) {
          throw new InputError(`sweep: cannot write --csv ${values.csv}: ${(err as Error).message}`)
        }
      }
      if (values.json && several)
        io.out(
          JSON.stringify({
            sweepId: head.id,
            model: modelJson,
            prompts,
            grid: plan.axes,
            total,
            done,
            sweeps: results,
            ...intervals,
          }),
        )
      else if (values.json) io.out(JSON.stringify({ ...results[0], model: modelJson, grid: plan.axes, ...intervals }))
      else {
        for (const [k, r] of results.entries()) {
          if (k > 0) io.out('')
          printSweep(io, opened[k].sweep, r.cells, several ? r.prompt : undefined)
        }
        if (intervals.intervals) printSeedIntervals(io, intervals.intervals)
      }
      if (interrupted)
        io.err(`sweep ${head.id} interrupted: ${done} of ${total} cells done; run the same command again to resume\n`)
      else if (done < total)
        io.err(`sweep ${head.id}: ${total - done} cells failed; run the same command again to retry them\n`)
      return done === total ? 0 : 1
    } finally {
      process.off('SIGINT', onSignal)
      db.close()
    }
  } finally {
    await disposeAll(drafts)
    await model.dispose?.()
  }
}

/** `--prompts FILE`: one prompt per line, blank lines dropped. */
function readPrompts(file: string): string[] {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    throw new UsageError(`sweep: cannot read --prompts ${file}: ${(err as Error).message}`)
  }
  const prompts = promptsFromText(text)
  if (prompts.length === 0) throw new UsageError(`sweep: --prompts ${file} has no prompt; write one per line`)
  return prompts
}

function storedCell(
  db: ReturnType<typeof openDatabase>,
  index: number,
  cell: Sweep['cells'][number],
  runId: number,
): CellReport {
  const run = getRun(db, runId)
  return cellReport(
    index,
    cell,
    runId,
    run?.status ?? 'done',
    true,
    run?.elapsedMs ?? null,
    run?.sequences ?? [],
    run?.speculative,
  )
}

function cellReport(
  index: number,
  cell: Sweep['cells'][number],
  runId: number | null,
  status: CellReport['status'],
  resumed: boolean,
  elapsedMs: number | null,
  sequences: readonly Sequence[],
  speculative?: SpeculativeStats,
): CellReport {
  const n = sequences.length
  return {
    index,
    values: cell.values,
    strategy: cell.spec,
    runId,
    status,
    resumed,
    elapsedMs,
    sequences: n,
    meanLogProb: n ? sequences.reduce((s, x) => s + x.logProb, 0) / n : null,
    meanLength: n ? sequences.reduce((s, x) => s + x.tokens.length, 0) / n : null,
    distinct: new Set(sequences.map((s) => s.text)).size,
    ...(speculative ? { speculative } : {}),
  }
}

function printSweep(io: Io, sweep: Sweep, cells: CellReport[], prompt?: string): void {
  const { name } = sweep.cells[0].spec
  const on = prompt === undefined ? '' : ` on "${visible(prompt)}"`
  io.out(
    `sweep ${sweep.id}, experiment ${sweep.experimentId}${on}: ${name} over ${Object.keys(sweep.cells[0].values).join(' × ')}, ${cells.length} cells`,
  )
  io.out('')
  io.out(
    table(
      ['cell', 'values', 'run', 'status', 'sequences', 'mean log-prob', 'mean length', 'distinct'],
      cells.map((c) => [
        String(c.index + 1),
        visible(cellLabel(c.values)),
        c.runId === null ? '-' : String(c.runId),
        c.status + (c.resumed ? ' (before)' : ''),
        String(c.sequences),
        c.meanLogProb === null ? '-' : c.meanLogProb.toFixed(4),
        c.meanLength === null ? '-' : c.meanLength.toFixed(2),
        String(c.distinct),
      ]),
    ),
  )
}
