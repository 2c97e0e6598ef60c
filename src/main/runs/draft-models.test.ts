// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { parseStrategySpec } from '../../core/strategy-spec'
import { resolveModel } from '../models/registry'
import { loadDraftModels } from './draft-models'

const spec = (text: string) => parseStrategySpec(text, () => 1)

describe('loadDraftModels', () => {
  it('loads nothing when no spec has a draft', async () => {
    const target = await resolveModel('greedy-trap')
    expect((await loadDraftModels(target, [spec('greedy'), spec('beam:width=2')])).size).toBe(0)
  })

  it('loads each named draft once, under the name the spec gives', async () => {
    const target = await resolveModel('greedy-trap')
    const drafts = await loadDraftModels(target, [
      spec('speculative:draft=greedy-trap,lookahead=2'),
      spec('greedy'),
      spec('speculative:draft=greedy-trap,lookahead=3'),
    ])
    expect([...drafts].map(([name, m]) => [name, m.id, m.vocabSize])).toEqual([['greedy-trap', 'greedy-trap', 7]])
  })

  it('refuses a draft whose vocabulary differs from the target', async () => {
    const target = await resolveModel('greedy-trap')
    await expect(loadDraftModels(target, [spec('speculative:draft=seed-weather')])).rejects.toThrow(
      "the draft model seed-weather cannot draft for greedy-trap: its vocabulary has 5 tokens, the target's 7; speculative decoding needs one shared vocabulary",
    )
  })
})
