import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Sequence, TreeNode } from '../src/core/types'
import { exportTarget } from '../src/main/report/export-target'
import { importReport } from '../src/main/report/import-report'
import { openDatabase } from '../src/main/store/database'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun } from '../src/main/store/runs-repo'
import { medianMsAsync } from './measure'

const RUNS = 4
const NODES_PER_RUN = 5_000
const BRANCHING = 8

/** A breadth-first tree of 5,000 nodes: each parent spreads 0.9 of its mass over 8 children by halves. */
function syntheticRun(): { tree: TreeNode[]; sequences: Sequence[] } {
  const tree: TreeNode[] = []
  for (let i = 0; i < NODES_PER_RUN; i++) {
    const parent = i === 0 ? null : Math.floor((i - 1) / BRANCHING)
    const rank = i === 0 ? 0 : (i - 1) % BRANCHING
    const prob = i === 0 ? 1 : (0.9 * 2 ** -(rank + 1)) / (1 - 2 ** -BRANCHING)
    const p = parent === null ? undefined : tree[parent]
    tree.push({
      id: i,
      parent,
      tokenId: i === 0 ? null : i % 32000,
      text: i === 0 ? '' : `tok${i % 32000}`,
      prob,
      logProb: (p?.logProb ?? 0) + Math.log(prob),
      depth: p ? p.depth + 1 : 0,
      rank,
      status: rank === 0 ? 'chosen' : rank === 1 ? 'kept' : rank < 4 ? 'pruned' : 'candidate',
      expanded: i * BRANCHING + 1 < NODES_PER_RUN,
      otherMass: 0.1,
      entropy: 1.5,
      partial: false,
    })
  }
  const path: TreeNode[] = []
  for (let n: TreeNode | undefined = tree[0]; n; n = tree[n.id * BRANCHING + 1]) if (n.parent !== null) path.push(n)
  const sequence: Sequence = {
    tokenIds: path.map((n) => n.tokenId ?? 0),
    tokens: path.map((n) => n.text),
    text: path.map((n) => n.text).join(''),
    logProb: path[path.length - 1].logProb,
    probability: Math.exp(path[path.length - 1].logProb),
    finished: false,
    steps: path.map((n) => ({ tokenId: n.tokenId ?? 0, token: n.text, prob: n.prob, logProb: Math.log(n.prob) })),
    nodeId: path[path.length - 1].id,
  }
  return { tree, sequences: [sequence] }
}

/** Exporting an experiment of 4 runs × 5,000 = 20,000 tree nodes to HTML (cut to 400 drawn nodes per run) and JSON, and importing the JSON. */
export async function benchReport(): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-bench-'))
  try {
    const db = openDatabase(path.join(dir, 'bench.sqlite'))
    const experimentId = createExperiment(db, {
      modelId: 'bench',
      modelKind: 'table',
      vocabSize: 32000,
      prompt: '',
      promptTokens: [],
      maxTokens: 32,
      topN: BRANCHING,
    })
    const run = syntheticRun()
    for (let r = 0; r < RUNS; r++) {
      const id = createRun(db, experimentId, r, { name: 'beam', params: { width: 2, lengthPenalty: 0 } })
      finishRun(db, id, { status: 'done', elapsedMs: 1, result: { ...run, warnings: [] } })
    }
    const sizes: Record<string, number> = {}
    const exportMs = async (format: 'html' | 'json') =>
      medianMsAsync(async () => {
        const [file] = await exportTarget(db, { experimentId }, format)
        sizes[format] = file.data.length
      }, 5)
    const htmlMs = await exportMs('html')
    const jsonMs = await exportMs('json')
    const [json] = await exportTarget(db, { experimentId }, 'json')
    const text = json.data.toString('utf8')
    const importMs = await medianMsAsync(async () => {
      const fresh = openDatabase(':memory:')
      importReport(fresh, text)
      fresh.close()
    }, 5)
    db.close()
    return {
      'report.nodes': RUNS * NODES_PER_RUN,
      'report.htmlMs': htmlMs,
      'report.htmlKB': sizes.html / 1024,
      'report.jsonMs': jsonMs,
      'report.jsonKB': sizes.json / 1024,
      'report.importJsonMs': importMs,
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
