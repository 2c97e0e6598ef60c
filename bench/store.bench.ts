import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TreeNode } from '../src/core/types'
import { openDatabase } from '../src/main/store/database'
import { createExperiment } from '../src/main/store/experiments-repo'
import { createRun, finishRun } from '../src/main/store/runs-repo'
import { INSERT_NODE_SQL } from '../src/main/store/tree-repo'

const NODES = 100_000

function syntheticTree(): TreeNode[] {
  return Array.from({ length: NODES }, (_, i) => ({
    id: i,
    parent: i === 0 ? null : Math.floor((i - 1) / 10),
    tokenId: i === 0 ? null : i % 32000,
    text: i === 0 ? '' : `tok${i % 32000}`,
    prob: 0.1,
    logProb: -2.302585 * Math.ceil(Math.log10(i + 1)),
    depth: Math.ceil(Math.log10(i + 1)),
    rank: i % 10,
    status: i % 10 === 1 ? 'kept' : 'candidate',
    expanded: i % 10 === 1,
    otherMass: i % 10 === 1 ? 0.01 : null,
    entropy: i % 10 === 1 ? 2.3 : null,
    partial: false,
  }))
}

/** Saving a run of 100,000 tree nodes against a bare insert loop of the same rows in one transaction. */
export function benchStore(): Record<string, number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'decoding-lab-bench-'))
  try {
    const nodes = syntheticTree()
    const db = openDatabase(path.join(dir, 'bench.sqlite'))
    const exp = createExperiment(db, {
      modelId: 'bench',
      modelKind: 'table',
      vocabSize: 32000,
      prompt: '',
      promptTokens: [],
      maxTokens: 32,
      topN: 10,
    })
    const rounds = 5
    let bareMs = 0
    let saveMs = 0
    for (let r = 0; r < rounds; r++) {
      // Bare loop: the same rows into the same table, one transaction, positional parameters.
      const bareRun = createRun(db, exp, r * 2, { name: 'greedy', params: {} })
      const insert = db.prepare(INSERT_NODE_SQL)
      const rows = nodes.map((n) => [
        bareRun,
        n.id,
        n.parent,
        n.tokenId,
        n.text,
        n.prob,
        n.logProb,
        n.depth,
        n.rank,
        n.status,
        n.expanded ? 1 : 0,
        n.otherMass,
        n.entropy,
        0,
        0,
        null,
        null,
        null,
      ])
      let start = performance.now()
      db.transaction(() => {
        for (const row of rows) insert.run(...row)
      })()
      bareMs += performance.now() - start

      const run = createRun(db, exp, r * 2 + 1, { name: 'greedy', params: {} })
      start = performance.now()
      finishRun(db, run, { status: 'done', elapsedMs: 0, tree: nodes })
      saveMs += performance.now() - start
    }
    db.close()
    return { 'store.bareInsertMs': bareMs / rounds, 'store.saveRunMs': saveMs / rounds, 'store.ratio': saveMs / bareMs }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
