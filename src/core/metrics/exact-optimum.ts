import { contextOf } from '../decode'
import { DecodeContext } from '../decode-context'
import { exact } from '../strategies/exact'
import type { LanguageModel, TokenId } from '../types'

/** Hypotheses the search gap's exact search may generate before it gives up. */
export const SEARCH_GAP_BUDGET = 5_000
/** Its wall time at most: the gap is a by-product of a run, not worth minutes of search. */
export const SEARCH_GAP_TIME_MS = 10_000
/** Its estimated memory at most (distributions held, frontier, tree): see EXACT_MEMORY_BYTES. */
export const SEARCH_GAP_MEMORY_BYTES = 256 * 2 ** 20

export interface SearchGapLimits {
  budget?: number
  timeMs?: number
  memoryBytes?: number
}

/** log P of the most probable complete sequence; null with the reason when the search could not prove it. */
export interface ExactOptimum {
  logProb: number | null
  note?: string
}

/**
 * log P of the most probable complete sequence, by the `exact` strategy within a budget of
 * hypotheses, time and memory; null, with why, when a limit was reached before optimality was proven.
 */
export async function exactOptimum(
  model: LanguageModel,
  promptIds: readonly TokenId[],
  maxTokens: number,
  limits: SearchGapLimits = {},
  signal?: AbortSignal,
): Promise<ExactOptimum> {
  const { budget = SEARCH_GAP_BUDGET, timeMs = SEARCH_GAP_TIME_MS, memoryBytes = SEARCH_GAP_MEMORY_BYTES } = limits
  // A distribution held per expansion: when the memory allows fewer expansions than one path has tokens, do not start.
  const perExpansion = model.kind === 'gguf' ? 4 * model.vocabSize : 0
  if (perExpansion * maxTokens > memoryBytes) {
    return {
      logProb: null,
      note: `search gap skipped: ${maxTokens} tokens of a ${model.vocabSize}-token vocabulary need more than the exact search's memory limit of ${mib(memoryBytes)}`,
    }
  }
  await model.clearCache?.()
  const ctx = new DecodeContext(model, contextOf(model, promptIds), { maxTokens, topN: 1, signal })
  const out = await exact(ctx, { budget }, { memoryBytes, timeMs })
  if (out.optimal) return { logProb: out.sequences[0].logProb }
  const why = [...ctx.warnings].find((w) => w.startsWith('exact: ')) ?? 'exact: it ended'
  const reason = why.slice('exact: '.length).replace(/; the sequence is the best found, not proven optimal$/, '')
  return { logProb: null, note: `search gap unknown (exact search: ${reason}); the optimum was not proven` }
}

const mib = (bytes: number): string => (bytes < 2 ** 20 ? `${bytes} bytes` : `${+(bytes / 2 ** 20).toFixed(1)} MiB`)
