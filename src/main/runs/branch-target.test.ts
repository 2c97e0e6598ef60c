// @vitest-environment node
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../store/database'
import { createExperiment } from '../store/experiments-repo'
import { useTempDir } from '../testing/temp-dir'
import { branchTarget, type BranchSettings } from './branch-target'

const tempDir = useTempDir()

const settings: BranchSettings = { model: 'greedy-trap', prompt: 'the', maxTokens: 8, topN: 3 }

/** A fresh database holding one experiment made with `settings`. */
function withExperiment(): { db: ReturnType<typeof openDatabase>; id: number } {
  const db = openDatabase(path.join(tempDir(), 'lab.db'))
  const id = createExperiment(db, {
    modelId: 'greedy-trap',
    modelKind: 'table',
    vocabSize: 7,
    prompt: 'the',
    promptTokens: ['<s>', 'the'],
    maxTokens: 8,
    topN: 3,
  })
  return { db, id }
}

describe('branchTarget', () => {
  it('returns the experiment when every setting matches', () => {
    const { db, id } = withExperiment()
    try {
      const e = branchTarget(db, id, settings)
      expect({ ...e, createdAt: typeof e.createdAt }).toEqual({
        id,
        modelId: 'greedy-trap',
        modelKind: 'table',
        vocabSize: 7,
        prompt: 'the',
        promptTokens: ['<s>', 'the'],
        maxTokens: 8,
        topN: 3,
        createdAt: 'string',
      })
    } finally {
      db.close()
    }
  })

  it('refuses an experiment that does not exist', () => {
    const { db, id } = withExperiment()
    try {
      expect(() => branchTarget(db, id + 1, settings)).toThrow(
        `experiment ${id + 1} does not exist (it may have been deleted): run the branch as a new experiment instead`,
      )
    } finally {
      db.close()
    }
  })

  it('names the first setting that differs, with both values', () => {
    const { db, id } = withExperiment()
    try {
      const refusal = (s: Partial<BranchSettings>): string => {
        try {
          branchTarget(db, id, { ...settings, ...s })
          return 'accepted'
        } catch (err) {
          return (err as Error).message
        }
      }
      const start = `cannot add a branch to experiment ${id}: its`
      expect(refusal({ model: 'seed-weather' })).toBe(
        `${start} model is "greedy-trap", the branch asks for "seed-weather"`,
      )
      expect(refusal({ prompt: 'a' })).toBe(`${start} prompt is "the", the branch asks for "a"`)
      expect(refusal({ maxTokens: 9 })).toBe(`${start} max tokens is 8, the branch asks for 9`)
      expect(refusal({ topN: 2, maxTokens: 1 })).toBe(`${start} max tokens is 8, the branch asks for 1`)
      expect(refusal({ topN: 2 })).toBe(`${start} top N is 3, the branch asks for 2`)
    } finally {
      db.close()
    }
  })
})
