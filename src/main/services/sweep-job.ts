import type { Database } from 'better-sqlite3'
import { randomInt } from 'node:crypto'
import type { RequestPayload } from '../../core/contract'
import { appMessage } from '../../core/errors'
import { MAX_SEED } from '../../core/strategy-spec'
import { splitGridText } from '../../core/sweep/sweep-grid'
import { planSeededSweep } from '../../core/sweep/sweep-seeds'
import type { LanguageModel } from '../../core/types'
import { disposeAll, loadDraftModels } from '../runs/draft-models'
import { chatSetting } from '../chat-prompt'
import { openSweeps, preparePrompts, runSweepCells, type SweepSettings } from '../runs/run-sweep'
import type { FromWorker } from './worker-protocol'

export interface SweepJob {
  db: Database
  jobId: number
  request: RequestPayload<'sweep.start'>
  modelFor: (id: string) => Promise<LanguageModel>
  signal: AbortSignal
  send: (message: FromWorker) => void
  yieldToEventLoop: () => Promise<void>
}

/**
 * A sweep in the decode worker, on the runner the CLI uses: its cells' runs are announced like an
 * experiment's, with overall progress after each; it ends with `sweep.finished`, errors included.
 */
export async function runSweepJob({
  db,
  jobId,
  request,
  modelFor,
  signal,
  send,
  yieldToEventLoop,
}: SweepJob): Promise<void> {
  let sweepId: number | null = null
  let done = 0
  let total = 0
  let drafts = new Map<string, LanguageModel>()
  try {
    const plan = planSeededSweep(request.strategy, splitGridText(request.grid), undefined, request.seeds, () =>
      randomInt(0, MAX_SEED),
    )
    const model = await modelFor(request.model)
    const settings: SweepSettings = {
      modelId: request.model,
      prompts: request.prompts,
      plan,
      maxTokens: request.maxTokens,
      topN: request.topN,
      chat: chatSetting(model, undefined, undefined),
    }
    const prepared = await preparePrompts(model, settings)
    drafts = await loadDraftModels(model, [plan.base])
    const sweeps = openSweeps(db, model, settings, prepared)
    sweepId = sweeps[0].sweep.id
    total = sweeps[0].sweep.cells.length * sweeps.length
    done = sweeps.reduce((n, s) => n + s.doneBefore.size, 0)
    const progress = (elapsedMs: number, etaMs: number | null): void =>
      send({ type: 'sweep.progress', payload: { jobId, sweepId: sweepId as number, done, total, elapsedMs, etaMs } })
    progress(0, null)
    const { interrupted } = await runSweepCells(db, model, sweeps, {
      maxTokens: request.maxTokens,
      topN: request.topN,
      // A remote engine serves cells together; a local model would only queue them.
      concurrency: model.kind === 'remote' ? 4 : 1,
      signal,
      draftModels: drafts,
      yieldToEventLoop,
      onRunStart: ({ sweep, cell }, runId) =>
        send({
          type: 'run.started',
          payload: {
            jobId,
            experimentId: sweep.sweep.experimentId,
            runId,
            index: cell,
            strategy: sweep.sweep.cells[cell].spec,
          },
        }),
      onCellDone: ({ report, elapsedMs, etaMs }) => {
        if (report.status === 'done') done++
        send({
          type: 'run.finished',
          payload: {
            jobId,
            runId: report.id,
            status: report.status,
            error: report.error ? appMessage(report.error) : null,
          },
        })
        progress(elapsedMs, etaMs)
      },
    })
    send({ type: 'sweep.finished', payload: { jobId, sweepId, done, total, cancelled: interrupted, error: null } })
  } catch (err) {
    send({ type: 'sweep.finished', payload: { jobId, sweepId, done, total, cancelled: false, error: appMessage(err) } })
  } finally {
    await disposeAll(drafts)
  }
}
