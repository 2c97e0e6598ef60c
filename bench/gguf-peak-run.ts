import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadHostedGgufModel } from '../src/main/models/gguf-host/hosted-gguf-model'
import { runExperiment } from '../src/main/runs/run-experiment'
import { openDatabase } from '../src/main/store/database'

/**
 * Run by gguf.bench.ts in a process of its own, so that peaks are this run's alone:
 * `node --import tsx bench/gguf-peak-run.ts MODEL PROMPT` stores one beam-4, 64-token run with top-10 through
 * the model host and prints, as JSON, the peak RSS of this process and of its model host (Linux's VmHWM)
 * and the bytes the run added to the database.
 */
async function main(): Promise<void> {
  const [file, prompt] = process.argv.slice(2)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gguf-peak-'))
  const db = openDatabase(path.join(dir, 'lab.sqlite'))
  const model = await loadHostedGgufModel(file, { sequences: 4 })
  try {
    const before = databaseBytes(db)
    const result = await runExperiment(db, {
      model,
      prompt,
      strategies: [{ name: 'beam', params: { width: 4, lengthPenalty: 0 } }],
      maxTokens: 64,
      topN: 10,
    })
    const run = result.runs[0]
    if (run.status !== 'done') throw new Error(`the beam run ${run.status}: ${run.error?.message ?? ''}`)
    const host = hostPid()
    process.stdout.write(
      `${JSON.stringify({
        parentPeakMb: peakMb(process.pid),
        hostPeakMb: host === null ? null : peakMb(host),
        storedRunBytes: databaseBytes(db) - before,
        treeNodes: run.result?.tree.length ?? 0,
        steps: Math.max(...(run.result?.sequences ?? []).map((s) => s.tokenIds.length)),
      })}\n`,
    )
  } finally {
    await model.dispose()
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Bytes of the database's pages, after moving the write-ahead log into it. */
function databaseBytes(db: ReturnType<typeof openDatabase>): number {
  db.pragma('wal_checkpoint(TRUNCATE)')
  const pages = db.pragma('page_count', { simple: true }) as number
  const free = db.pragma('freelist_count', { simple: true }) as number
  return (pages - free) * (db.pragma('page_size', { simple: true }) as number)
}

function peakMb(pid: number): number {
  const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  return Number(kb) / 1024
}

/** This process's model host: the child whose command line runs host-entry or gguf-host. */
function hostPid(): number | null {
  const children = fs
    .readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
  for (const pid of children) {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    if (/host-entry|gguf-host/.test(cmd)) return Number(pid)
  }
  return null
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
    process.exit(1)
  },
)
