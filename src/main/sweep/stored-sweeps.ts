import type { Database } from 'better-sqlite3'
import { textTokens, type SequenceMetrics } from '../../core/metrics/sequence-metrics'
import type { StrategySpec } from '../../core/strategy-spec'
import type { GridAxis } from '../../core/sweep/sweep-grid'
import type { SweepCell, SweepDetail, SweepSummary } from '../../core/sweep/sweep-records'
import { cellOutputs, listStoredSweeps, type StoredSweep } from '../store/sweeps-repo'

/** A stored sweep's definition, as sweepDefinition wrote it. */
interface Definition {
  model: string
  strategy: StrategySpec
  grid: GridAxis[]
  batch?: { prompts: string; index: number; size: number }
}

/** The stored sweeps of one asked sweep: its prompts' sweeps in prompt order. */
type Group = StoredSweep[]

/**
 * Groups the stored per-prompt sweeps into the sweeps people asked for: those of one prompt list
 * (same definition but for the prompt) together, in prompt order; the latest when asked twice.
 */
function groups(db: Database): { group: Group; definition: Definition }[] {
  const byKey = new Map<string, { definition: Definition; members: Map<number, StoredSweep> }>()
  for (const stored of listStoredSweeps(db)) {
    const definition = JSON.parse(stored.definition) as Definition & { prompt?: string }
    const { batch } = definition
    const key = batch
      ? JSON.stringify({ ...definition, prompt: null, batch: { ...batch, index: null } })
      : `single ${stored.id}`
    const entry = byKey.get(key) ?? { definition, members: new Map() }
    // Newest first: the first seen of an index is the one findSweep resumes.
    if (!entry.members.has(batch?.index ?? 0)) entry.members.set(batch?.index ?? 0, stored)
    byKey.set(key, entry)
  }
  return [...byKey.values()].map(({ definition, members }) => ({
    definition,
    group: [...members.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s),
  }))
}

function summaryOf(group: Group, definition: Definition): SweepSummary {
  const head = group[0]
  return {
    id: head.id,
    model: definition.model,
    strategy: definition.strategy,
    axes: definition.grid,
    prompts: group.length,
    firstPrompt: head.prompt,
    cells: head.cells.length,
    total: head.cells.length * group.length,
    done: group.reduce((n, s) => n + s.done, 0),
    createdAt: head.createdAt,
  }
}

/** Every sweep, newest first. */
export function listSweeps(db: Database): SweepSummary[] {
  return groups(db)
    .map(({ group, definition }) => summaryOf(group, definition))
    .sort((a, b) => b.id - a.id)
}

/** A sweep by the id of its first prompt's sweep: every cell on every prompt, with each sequence's metrics. */
export function getSweep(db: Database, sweepId: number): SweepDetail | null {
  const found = groups(db).find(({ group }) => group[0].id === sweepId)
  if (!found) return null
  const { group, definition } = found
  const outputs = group.map((s) => cellOutputs(db, s.experimentId))
  const cells: SweepCell[] = group[0].cells.map((cell, index) => ({
    index,
    values: cell.values,
    strategy: cell.spec,
    outputs: group.map((_, prompt) => {
      const run = outputs[prompt].filter((r) => r.position === index).at(-1)
      if (!run) return { prompt, runId: null, status: 'pending', sequences: [] }
      return {
        prompt,
        runId: run.runId,
        status: run.status,
        sequences: run.sequences.map((s, i) => {
          const m = run.metrics?.sequences[i]
          return { text: s.text, textIds: textTokens(s), metrics: m ? withoutSteps(m) : null }
        }),
      }
    }),
  }))
  return {
    summary: summaryOf(group, definition),
    prompts: group.map((s) => s.prompt),
    maxTokens: group[0].maxTokens,
    topN: group[0].topN,
    cells,
  }
}

/** The per-step metrics stay in the run: the sweep's table needs only the sequence's own. */
function withoutSteps({ steps, ...rest }: SequenceMetrics): Omit<SequenceMetrics, 'steps'> {
  void steps
  return rest
}
