import type { Experiment, ExperimentInput } from '../../core/records'
import type { Database } from 'better-sqlite3'

export type { Experiment, ExperimentInput }

export function createExperiment(db: Database, e: ExperimentInput): number {
  const info = db
    .prepare(
      `INSERT INTO experiments (model_id, model_kind, vocab_size, prompt, prompt_tokens, max_tokens, top_n, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      e.modelId,
      e.modelKind,
      e.vocabSize,
      e.prompt,
      JSON.stringify(e.promptTokens),
      e.maxTokens,
      e.topN,
      new Date().toISOString(),
    )
  return Number(info.lastInsertRowid)
}

interface ExperimentRow {
  id: number
  model_id: string
  model_kind: string
  vocab_size: number
  prompt: string
  prompt_tokens: string
  max_tokens: number
  top_n: number
  created_at: string
}

export function getExperiment(db: Database, id: number): Experiment | null {
  const r = db.prepare(`SELECT * FROM experiments WHERE id = ?`).get(id) as ExperimentRow | undefined
  if (!r) return null
  return {
    id: r.id,
    modelId: r.model_id,
    modelKind: r.model_kind,
    vocabSize: r.vocab_size,
    prompt: r.prompt,
    promptTokens: JSON.parse(r.prompt_tokens) as string[],
    maxTokens: r.max_tokens,
    topN: r.top_n,
    createdAt: r.created_at,
  }
}
