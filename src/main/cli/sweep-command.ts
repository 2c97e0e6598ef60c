import { randomInt } from 'node:crypto'
import { DEFAULT_MAX_TOKENS, DEFAULT_TOP_N } from '../../core/decode'
import { InputError } from '../../core/errors'
import { MAX_SEED, type StrategySpec } from '../../core/strategy-spec'
import type { LanguageModel, Sequence, SpeculativeStats } from '../../core/types'
import { resolveModel } from '../models/registry'
import { databasePath } from '../paths'
import { runOne } from '../run-experiment'
import { openDatabase } from '../store/database'
import { createExperiment } from '../store/experiments-repo'
import { getRun, type RunStatus } from '../store/runs-repo'
import { cellRuns, createSweep, discardRun, findSweep, type Sweep } from '../store/sweeps-repo'
import { parse, required, wholeNumber } from './args'
import { UsageError } from './cli-error'
import type { Io } from './commands'
import { table, visible } from './format'
import { disposeAll, forcedTokens, loadDraftModels } from './strategy-models'
import { planSweep } from '../../core/sweep/sweep-grid'

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
    prompt: { type: 'string', default: '' },
    strategy: { type: 'string', multiple: true },
    grid: { type: 'string', multiple: true },
    samples: { type: 'string' },
    'max-tokens': { type: 'string' },
    top: { type: 'string' },
    force: { type: 'string' },
    concurrency: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  })
  const modelId = required('sweep', '--model', values.model)
  if (values.strategy?.length !== 1) throw new UsageError('sweep: give exactly one --strategy, e.g. --strategy nucleus; its parameters go on --grid')
  const samples = values.samples === undefined ? undefined : wholeNumber('--samples', values.samples, 1, 1)
  const plan = planSweep(values.strategy[0], values.grid ?? [], samples, () => randomInt(0, MAX_SEED))
  const maxTokens = wholeNumber('--max-tokens', values['max-tokens'], DEFAULT_MAX_TOKENS, 0)
  const topN = wholeNumber('--top', values.top, DEFAULT_TOP_N, 1)
  const model = await resolveModel(modelId)
  // Cells in flight at once: a remote engine batches them; a local model would only queue them.
  const concurrency = wholeNumber('--concurrency', values.concurrency, model.kind === 'remote' ? 4 : 1, 1)
  let drafts = new Map<string, LanguageModel>()
  try {
    const promptIds = await model.tokenize(values.prompt)
    const forced = values.force === undefined ? undefined : await forcedTokens(model, promptIds, values.force)
    drafts = await loadDraftModels(model, [plan.base])
    const definition = JSON.stringify({ model: modelId, prompt: values.prompt, strategy: plan.base, grid: plan.axes, maxTokens, topN, forced: forced ?? [] })
    const db = openDatabase(databasePath(values.db))
    const controller = new AbortController()
    const onSignal = () => controller.abort()
    process.once('SIGINT', onSignal)
    try {
      const found = findSweep(db, definition)
      const sweep: Sweep = found ?? { id: 0, experimentId: 0, cells: plan.cells.map((c) => ({ values: c.values, spec: forced ? { ...c.spec, forced } : c.spec })) }
      if (!found) {
        sweep.experimentId = createExperiment(db, {
          modelId: model.id,
          modelKind: model.kind,
          vocabSize: model.vocabSize,
          prompt: values.prompt,
          promptTokens: promptIds.map((id) => model.tokenText(id)),
          maxTokens,
          topN,
        })
        sweep.id = createSweep(db, sweep.experimentId, definition, sweep.cells)
      }
      const runs = cellRuns(db, sweep.experimentId)
      const doneBefore = new Map(runs.filter((r) => r.status === 'done').map((r) => [r.position, r.id]))
      const busy = runs.find((r) => r.status === 'running' && !doneBefore.has(r.position))
      if (busy) throw new InputError(`sweep ${sweep.id}: another process is decoding its cell ${busy.position + 1} (run ${busy.id}); wait for it or stop it first`)
      const todo = sweep.cells.map((_, i) => i).filter((i) => !doneBefore.has(i))
      io.err(
        `sweep ${sweep.id} (experiment ${sweep.experimentId}): ${sweep.cells.length} cells` +
          (found ? `, ${doneBefore.size} done before, ${todo.length} to run\n` : `, ${todo.length} to run\n`),
      )
      const reports = new Map<number, CellReport>()
      for (const [i, id] of doneBefore) reports.set(i, storedCell(db, i, sweep.cells[i], id))
      let interrupted = false
      let next = 0
      let finished = 0
      const started = performance.now()
      const runCells = async (): Promise<void> => {
        while (!interrupted && next < todo.length) {
          const k = next++
          const i = todo[k]
          for (const r of runs) if (r.position === i) discardRun(db, r.id)
          const cell = sweep.cells[i]
          const report = await runOne(
            db,
            {
              model,
              maxTokens,
              topN,
              signal: controller.signal,
              draftModels: drafts,
              yieldToEventLoop: () => new Promise((resolve) => setImmediate(resolve)),
              onProgress: io.live ? (_, p) => io.err(`\r[${k + 1}/${todo.length}] cell ${i + 1}: step ${p.step}/${p.maxTokens}, ${p.treeNodes} nodes\x1b[K`) : undefined,
            },
            sweep.experimentId,
            promptIds,
            i,
            cell.spec,
          )
          finished++
          const left = todo.length - finished
          // Time left: wall time per finished cell so far (cells in flight together share it), times the cells left.
          const eta = left > 0 ? `; ${left} left, about ${seconds(((performance.now() - started) / finished) * left)}` : ''
          const [lead, clear] = io.live ? ['\r', '\x1b[K'] : ['', '']
          io.err(`${lead}[${finished}/${todo.length}] cell ${i + 1} ${label(cell.values)}: run ${report.id} ${report.status} in ${seconds(report.elapsedMs)}${eta}${clear}\n`)
          reports.set(i, cellReport(i, cell, report.id, report.status, false, report.elapsedMs, report.result?.sequences ?? [], report.result?.speculative))
          if (report.status === 'cancelled') interrupted = true
        }
      }
      await Promise.all(Array.from({ length: Math.min(concurrency, todo.length) }, runCells))
      const cells = sweep.cells.map((c, i) => reports.get(i) ?? cellReport(i, c, null, 'pending', false, null, []))
      const done = cells.filter((c) => c.status === 'done').length
      if (values.json) io.out(JSON.stringify({ sweepId: sweep.id, experimentId: sweep.experimentId, model: { id: model.id, kind: model.kind }, prompt: values.prompt, grid: plan.axes, total: cells.length, done, cells }))
      else printSweep(io, sweep, cells)
      if (interrupted) io.err(`sweep ${sweep.id} interrupted: ${done} of ${cells.length} cells done; run the same command again to resume\n`)
      else if (done < cells.length) io.err(`sweep ${sweep.id}: ${cells.length - done} cells failed; run the same command again to retry them\n`)
      return done === cells.length ? 0 : 1
    } finally {
      process.off('SIGINT', onSignal)
      db.close()
    }
  } finally {
    await disposeAll(drafts)
    await model.dispose?.()
  }
}

function storedCell(db: ReturnType<typeof openDatabase>, index: number, cell: Sweep['cells'][number], runId: number): CellReport {
  const run = getRun(db, runId)
  return cellReport(index, cell, runId, run?.status ?? 'done', true, run?.elapsedMs ?? null, run?.sequences ?? [], run?.speculative)
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

function printSweep(io: Io, sweep: Sweep, cells: CellReport[]): void {
  const { name } = sweep.cells[0].spec
  io.out(`sweep ${sweep.id}, experiment ${sweep.experimentId}: ${name} over ${Object.keys(sweep.cells[0].values).join(' × ')}, ${cells.length} cells`)
  io.out('')
  io.out(
    table(
      ['cell', 'values', 'run', 'status', 'sequences', 'mean log-prob', 'mean length', 'distinct'],
      cells.map((c) => [
        String(c.index + 1),
        visible(label(c.values)),
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

function label(values: Record<string, number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

function seconds(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(2)} s` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`
}
