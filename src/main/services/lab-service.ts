import type { Database } from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { EventChannel, EventPayload, LabApi, RequestPayload, ResponseMap } from '../../core/contract'
import { appMessage, InputError } from '../../core/errors'
import { withSeed } from '../../core/strategy-spec'
import { randomInt } from 'node:crypto'
import { MAX_SEED } from '../../core/strategy-spec'
import { addNgram } from '../models/add-ngram'
import { branchTarget } from '../runs/branch-target'
import { exportTarget, importReport, type ExportOptions } from '../report'
import { addRemote } from '../models/remote/add-remote'
import { findRemote } from '../models/remote/remote-registry'
import type { SecretStore } from '../models/remote/secret-store'
import { hasChatTemplate } from '../models/has-chat-template'
import { chatModelIds, listModels, modelExists } from '../models/registry'
import { checkModelFileInWorker } from './check-model-thread'
import { discoverModelsInWorker } from './discover-thread'
import { userHome } from '../models/discover/model-folders'
import { openDatabase } from '../store/database'
import { listExperiments } from '../store/experiment-history'
import { getExperiment } from '../store/experiments-repo'
import { deleteRun, failRun, getExperimentRuns, getRun, getRunSummary, searchRuns } from '../store/runs-repo'
import type { StepUnderOrder } from '../../core/strategies/step-under-order'
import { RecentFiles } from './recent-files'
import { getSweep, listSweeps } from '../sweep/stored-sweeps'
import { checkSweep } from './check-sweep'
import type { FromWorker, StartMessage, ToWorker, WorkerData } from './worker-protocol'

export type Emit = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void

interface Job {
  id: number
  start: StartMessage
  runId: number | null
  /** A job that answers a request (step.compareOrder) rather than sending events. */
  answer?: { resolve: (r: StepUnderOrder) => void; reject: (e: Error) => void }
}

/** The worker's entry: the TypeScript source under tsx, the bundled file in a build. */
function workerEntry(): { file: string; entry?: string } {
  const ts = path.join(__dirname, 'decode-worker.ts')
  if (fs.existsSync(ts)) return { file: path.join(__dirname, 'ts-worker-bootstrap.cjs'), entry: ts }
  return { file: path.join(__dirname, 'decode-worker.js') }
}

/**
 * The services behind the contract: reads from SQLite here, decoding in a worker thread.
 * Jobs are queued and run one at a time; a crashed worker fails its run and is replaced.
 */
export class LabService implements LabApi {
  private readonly db: Database
  private worker: Worker | null = null
  private readonly queue: Job[] = []
  private active: Job | null = null
  private nextJobId = 1
  private closed = false
  /** API keys of remote engines, kept encrypted; only the desktop app has one (src/main/index.ts). */
  secrets: SecretStore | null = null

  constructor(
    private readonly dbPath: string,
    private readonly emit: Emit,
    private readonly recent = new RecentFiles(path.join(path.dirname(dbPath), 'recent-models.json')),
  ) {
    this.db = openDatabase(dbPath)
  }

  async 'models.list'(): Promise<ResponseMap['models.list']> {
    const recent = this.recent.list()
    return { models: listModels(), recent, chatModels: [...chatModelIds(), ...recent.filter(hasChatTemplate)] }
  }

  async 'models.addNgram'(request: RequestPayload<'models.addNgram'>): Promise<ResponseMap['models.addNgram']> {
    const source = `the file ${request.fileName}`
    const { model, replaced } = addNgram({ ...request, source, sourceFile: request.fileName })
    return { model, replaced }
  }

  async 'models.addRemote'(request: RequestPayload<'models.addRemote'>): Promise<ResponseMap['models.addRemote']> {
    return addRemote(request, '', this.secrets ?? undefined)
  }

  async 'models.openFile'({ path: file }: RequestPayload<'models.openFile'>): Promise<ResponseMap['models.openFile']> {
    const absolute = path.resolve(file)
    const kind = await checkModelFileInWorker(absolute)
    this.recent.add(absolute)
    return { path: absolute, kind }
  }

  async 'models.discover'({ folders }: RequestPayload<'models.discover'>): Promise<ResponseMap['models.discover']> {
    return discoverModelsInWorker(userHome(), folders)
  }

  /** Only the desktop app has a file dialog (src/main/index.ts answers this there). */
  async 'models.pickFile'(): Promise<ResponseMap['models.pickFile']> {
    throw new InputError("browser mode has no file dialog: type the model file's full path instead")
  }

  async 'experiment.start'(request: RequestPayload<'experiment.start'>): Promise<ResponseMap['experiment.start']> {
    // The contract validated every strategy; the seeds of seeded ones are drawn here, once, and recorded.
    const strategies = request.strategies.map((s) => {
      if (s.draft && !modelExists(s.draft))
        throw new InputError(`unknown draft model "${s.draft}": pick a built-in model or an existing model file`)
      return withSeed(s, () => randomInt(0, MAX_SEED))
    })
    if (request.experimentId !== undefined) branchTarget(this.db, request.experimentId, request)
    if (!modelExists(request.model)) {
      throw new InputError(`unknown model "${request.model}": pick a built-in model or an existing model file`)
    }
    if (!listModels().some((m) => m.id === request.model)) this.recent.add(request.model)
    return { jobId: this.enqueue((jobId) => ({ type: 'start', jobId, request: { ...request, strategies } })) }
  }

  async 'score.start'(request: RequestPayload<'score.start'>): Promise<ResponseMap['score.start']> {
    if (!modelExists(request.model))
      throw new InputError(`unknown model "${request.model}": pick a built-in model or an existing model file`)
    if (!listModels().some((m) => m.id === request.model)) this.recent.add(request.model)
    return { jobId: this.enqueue((jobId) => ({ type: 'score', jobId, request })) }
  }

  async 'sweep.start'(request: RequestPayload<'sweep.start'>): Promise<ResponseMap['sweep.start']> {
    checkSweep(request)
    if (!listModels().some((m) => m.id === request.model)) this.recent.add(request.model)
    return { jobId: this.enqueue((jobId) => ({ type: 'sweep', jobId, request })) }
  }

  async 'sweeps.list'(): Promise<ResponseMap['sweeps.list']> {
    return { sweeps: listSweeps(this.db) }
  }

  async 'sweep.get'({ sweepId }: RequestPayload<'sweep.get'>): Promise<ResponseMap['sweep.get']> {
    const sweep = getSweep(this.db, sweepId)
    if (!sweep) throw new InputError(`sweep ${sweepId} does not exist (its runs may have been deleted)`)
    return sweep
  }

  async 'job.cancel'({ jobId }: RequestPayload<'job.cancel'>): Promise<ResponseMap['job.cancel']> {
    const queued = this.queue.findIndex((j) => j.id === jobId)
    if (queued >= 0) {
      this.queue.splice(queued, 1)
      this.emit('job.finished', { jobId, experimentId: null, error: 'cancelled before it started' })
      return { cancelled: true }
    }
    if (this.active?.id !== jobId) return { cancelled: false }
    this.post({ type: 'cancel', jobId })
    return { cancelled: true }
  }

  /** Runs in the worker's queue like a job (it may load the run's model), but answers the request itself. */
  async 'step.compareOrder'(request: RequestPayload<'step.compareOrder'>): Promise<ResponseMap['step.compareOrder']> {
    const run = getRunSummary(this.db, request.runId)
    if (!run) throw new InputError(`run ${request.runId} does not exist (it may have been deleted)`)
    return new Promise((resolve, reject) => {
      this.enqueue((id) => ({ type: 'compareOrder', jobId: id, request: { ...request, model: run.model } }), {
        resolve,
        reject,
      })
    })
  }

  async 'runs.list'(filter: RequestPayload<'runs.list'>): Promise<ResponseMap['runs.list']> {
    return searchRuns(this.db, filter)
  }

  async 'experiments.list'(filter: RequestPayload<'experiments.list'>): Promise<ResponseMap['experiments.list']> {
    return listExperiments(this.db, filter)
  }

  async 'run.get'({ runId }: RequestPayload<'run.get'>): Promise<ResponseMap['run.get']> {
    const run = getRun(this.db, runId)
    if (!run) throw new InputError(`run ${runId} does not exist (it may have been deleted)`)
    return run
  }

  async 'experiment.get'({ experimentId }: RequestPayload<'experiment.get'>): Promise<ResponseMap['experiment.get']> {
    const experiment = getExperiment(this.db, experimentId)
    if (!experiment) throw new InputError(`experiment ${experimentId} does not exist (it may have been deleted)`)
    return { experiment, runs: getExperimentRuns(this.db, experimentId) }
  }

  async 'run.delete'({ runId }: RequestPayload<'run.delete'>): Promise<ResponseMap['run.delete']> {
    if (this.active?.runId === runId) throw new InputError(`run ${runId} is still decoding: cancel it first`)
    return { deleted: deleteRun(this.db, runId) }
  }

  /** `printToPdf` is Electron's print to PDF in the desktop app; browser mode uses headless Chromium where it is installed. */
  async 'report.export'(
    { target, format, maxNodes, locale }: RequestPayload<'report.export'>,
    printToPdf?: ExportOptions['printToPdf'],
  ): Promise<ResponseMap['report.export']> {
    const files = await exportTarget(this.db, target, format, { maxNodes, printToPdf, locale })
    return { files: files.map((f) => ({ fileName: f.fileName, mime: f.mime, base64: f.data.toString('base64') })) }
  }

  async 'report.import'({ fileName, text }: RequestPayload<'report.import'>): Promise<ResponseMap['report.import']> {
    return importReport(this.db, text, fileName)
  }

  async close(): Promise<void> {
    this.closed = true
    for (const job of [this.active, ...this.queue]) job?.answer?.reject(new Error('the app is closing'))
    this.queue.length = 0
    await this.worker?.terminate()
    this.worker = null
    this.db.close()
  }

  /** For tests: the worker thread, so that a crash can be provoked. */
  get workerThread(): Worker | null {
    return this.worker
  }

  private enqueue(start: (jobId: number) => StartMessage, answer?: Job['answer']): number {
    const id = this.nextJobId++
    this.queue.push({ id, start: start(id), runId: null, ...(answer ? { answer } : {}) })
    this.pump()
    return id
  }

  private pump(): void {
    if (this.active || this.closed) return
    const job = this.queue.shift()
    if (!job) return
    this.active = job
    const model = job.start.request.model
    let apiKey: string | undefined
    try {
      apiKey = findRemote(model)?.apiKeyStored ? (this.secrets?.load(model) ?? undefined) : undefined
    } catch (err) {
      this.active = null
      if (job.answer) job.answer.reject(err instanceof Error ? err : new Error(String(err)))
      else this.emit('job.finished', { jobId: job.id, experimentId: null, error: appMessage(err) })
      return this.pump()
    }
    this.post(apiKey ? { ...job.start, apiKey } : job.start)
  }

  private post(message: ToWorker): void {
    this.ensureWorker().postMessage(message)
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    const { file, entry } = workerEntry()
    const worker = new Worker(file, { workerData: { dbPath: this.dbPath, entry } satisfies WorkerData })
    worker.on('message', (m: FromWorker) => this.onWorkerMessage(m))
    worker.on('error', (err) => this.onWorkerExit(worker, err.message))
    worker.on('exit', (code) => this.onWorkerExit(worker, `the decoding worker stopped (exit code ${code})`))
    this.worker = worker
    return worker
  }

  private onWorkerMessage(m: FromWorker): void {
    if (m.type === 'answer') return this.onAnswer(m)
    if (m.type === 'run.started' && this.active?.id === m.payload.jobId) this.active.runId = m.payload.runId
    if (m.type === 'run.finished' && this.active?.runId === m.payload.runId) this.active.runId = null
    this.emit(m.type, m.payload as never)
    if (m.type === 'job.finished' && this.active?.id === m.payload.jobId) {
      this.active = null
      this.pump()
    }
  }

  private onAnswer(m: Extract<FromWorker, { type: 'answer' }>): void {
    const job = this.active
    if (job?.id !== m.jobId) return
    if ('result' in m) job.answer?.resolve(m.result)
    else job.answer?.reject(m.input ? new InputError(m.error) : new Error(m.error))
    this.active = null
    this.pump()
  }

  /** A crash: fail the run in flight, tell the renderer, start a fresh worker for the rest of the queue. */
  private onWorkerExit(worker: Worker, reason: string): void {
    if (this.worker !== worker) return
    this.worker = null
    if (this.closed) return
    const job = this.active
    this.active = null
    if (job?.answer) job.answer.reject(new Error(`the decoding worker crashed: ${reason}; the app restarted it`))
    else if (job) {
      const error = `the decoding worker crashed: ${reason}; the app restarted it`
      if (job.runId !== null) {
        failRun(this.db, job.runId, error)
        this.emit('run.finished', { jobId: job.id, runId: job.runId, status: 'failed', error })
      }
      this.emit('job.finished', { jobId: job.id, experimentId: null, error })
    }
    this.pump()
  }
}
