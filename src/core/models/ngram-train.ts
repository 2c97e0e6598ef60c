import { InputError } from '../errors'
import {
  MAX_NGRAM_ORDER,
  NGRAM_BOS,
  NGRAM_EOS,
  NGRAM_FORMAT,
  NGRAM_UNITS,
  type NgramModelData,
  type NgramUnit,
} from './ngram-schema'

export interface NgramTrainOptions {
  name: string
  /** n: the model conditions on the n - 1 tokens before the next one. */
  order: number
  unit: NgramUnit
  /** The training file's name, kept for the model's description. */
  sourceFile?: string
}

/** The discount of a level whose count-of-counts cannot give an estimate (no singletons or no doubletons). */
export const FALLBACK_DISCOUNT = 0.75

/** Char unit: Unicode code points, spaces included. Word unit: the pieces between runs of whitespace. */
export function splitUnits(text: string, unit: NgramUnit): string[] {
  return unit === 'char' ? [...text] : text.split(/\s+/u).filter(Boolean)
}

/**
 * Counts a text for an interpolated Kneser-Ney model of the given order.
 *
 * Each line that is not blank is a sequence: `order - 1` BOS tokens, its symbols, then EOS. So
 * every predicted token (the symbols and EOS) has a full history of `order - 1` tokens, and the
 * model pads a short context with BOS the same way. Counts:
 * - at the model's own order, the raw count of every n-gram;
 * - below it, the continuation count N1+(• w) of each k-gram w: how many distinct tokens precede it
 *   among the (k+1)-gram types (Chen & Goodman's definition, with no special case for BOS).
 * The discount of each order is D = n1 / (n1 + 2·n2), from the number of k-gram types whose count
 * is 1 and 2, or FALLBACK_DISCOUNT when n1 or n2 is 0.
 */
export function trainNgram(text: string, options: NgramTrainOptions): NgramModelData {
  const { order, unit } = options
  if (!Number.isInteger(order) || order < 1 || order > MAX_NGRAM_ORDER) {
    throw new InputError(`the order must be a whole number from 1 to ${MAX_NGRAM_ORDER}, got ${order}`)
  }
  if (!(NGRAM_UNITS as readonly string[]).includes(unit))
    throw new InputError(`unknown unit "${unit}": use ${NGRAM_UNITS.join(' or ')}`)
  if (text.includes('\u0000'))
    throw new InputError('the text contains NUL characters: it looks like binary data, not text')

  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((line) => line.trim() !== '')
    .map((line) => splitUnits(line, unit))
  if (lines.length === 0) throw new InputError('the text has no line to train on: it is empty or only whitespace')

  const symbols = [...new Set(lines.flat())].sort()
  const vocab = [NGRAM_BOS, NGRAM_EOS, ...symbols]
  const index = new Map(symbols.map((s, i) => [s, i + 2]))

  // Raw counts of the top order; each key is the n-gram's ids joined by commas.
  let counts = new Map<string, number>()
  const pad: number[] = new Array(order - 1).fill(0)
  let tokens = 0
  for (const line of lines) {
    const seq = [...pad, ...line.map((s) => index.get(s) as number), 1]
    tokens += line.length
    for (let i = order - 1; i < seq.length; i++) {
      const key = seq.slice(i - order + 1, i + 1).join(',')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }

  const levels: Map<string, number>[] = new Array(order)
  levels[order - 1] = counts
  for (let k = order - 1; k >= 1; k--) {
    // Each (k+1)-gram type adds one distinct left neighbour to its k-gram suffix.
    const continuation = new Map<string, number>()
    for (const key of counts.keys()) {
      const suffix = key.slice(key.indexOf(',') + 1)
      continuation.set(suffix, (continuation.get(suffix) ?? 0) + 1)
    }
    levels[k - 1] = continuation
    counts = continuation
  }

  return {
    format: NGRAM_FORMAT,
    name: options.name,
    unit,
    order,
    // The small fields first, so that the saved file starts with what a person wants to see.
    source: { ...(options.sourceFile === undefined ? {} : { file: options.sourceFile }), lines: lines.length, tokens },
    discounts: levels.map(estimateDiscount),
    vocab,
    ngrams: levels.map(toFlat),
  }
}

/** D = n1 / (n1 + 2·n2), or FALLBACK_DISCOUNT when there are no singletons or no doubletons. */
export function estimateDiscount(counts: Map<string, number>): number {
  let n1 = 0
  let n2 = 0
  for (const c of counts.values()) {
    if (c === 1) n1++
    else if (c === 2) n2++
  }
  return n1 > 0 && n2 > 0 ? n1 / (n1 + 2 * n2) : FALLBACK_DISCOUNT
}

/** The flat list of a level: ids then count of each k-gram, in increasing order of the ids. */
function toFlat(counts: Map<string, number>): number[] {
  const entries = [...counts].map(([key, c]) => [...key.split(',').map(Number), c])
  entries.sort((a, b) => {
    for (let i = 0; i < a.length - 1; i++) if (a[i] !== b[i]) return a[i] - b[i]
    return 0
  })
  return entries.flat()
}
