// Helpers for the processor tests: candidate lists of 4–5 tokens written by hand.
import { expect } from 'vitest'
import { type Candidates, sortedCandidates } from '../distribution'
import type { Processor } from '../processors'
import type { TokenId } from '../types'

/** Candidates of token ids 0…n−1 with these probabilities, in ranking order (as strategies build them). */
export function cand(ps: number[], otherMass = 0): Candidates {
  return sortedCandidates({
    kind: 'probs',
    ids: Int32Array.from(ps, (_, i) => i),
    probs: Float64Array.from(ps),
    otherMass,
  })
}

/** Candidates of token ids 0…n−1 from logits (softmax). */
export function fromLogits(logits: number[]): Candidates {
  return sortedCandidates({ kind: 'logits', logits: Float32Array.from(logits) })
}

export function snapshot(c: Candidates): { ids: number[]; probs: number[]; otherMass: number } {
  return { ids: Array.from(c.ids), probs: Array.from(c.probs), otherMass: c.otherMass }
}

/** Applies `p` and checks the ids in order and their probabilities (llama.cpp's test shape). */
export function expectApply(
  p: Processor,
  input: Candidates,
  ids: number[],
  expected: number[],
  context: TokenId[] = [],
): void {
  const out = p.apply(input, context)
  expect(Array.from(out.ids)).toEqual(ids)
  expect(out.probs.length).toBe(expected.length)
  expected.forEach((e, i) => expect(out.probs[i], `probs[${i}]`).toBeCloseTo(e, 12))
}

/** Applies `p` to frozen copies of full and partial inputs and checks that neither changes. */
export function expectNoMutation(p: Processor, context: TokenId[]): void {
  for (const input of [cand([0.1, 0.2, 0.3, 0.4]), cand([0.05, 0.15, 0.5], 0.3)]) {
    Object.freeze(input)
    const frozenContext = Object.freeze([...context])
    const before = snapshot(input)
    const out = p.apply(input, frozenContext)
    expect(snapshot(input)).toEqual(before)
    expect(out.ids).not.toBe(input.ids)
    expect(out.probs).not.toBe(input.probs)
    out.probs.fill(9)
    out.ids.fill(9)
    expect(snapshot(input)).toEqual(before)
    expect(frozenContext).toEqual(context)
  }
}

// Probabilities 0.1, 0.2, 0.3, 0.4 for ids 0…3: ranking order is ids 3, 2, 1, 0.
export const LLAMA = [0.1, 0.2, 0.3, 0.4]
