import { z } from 'zod'
import { InputError } from '../errors'
import { describeIssue } from '../schema-issue'
import { jsonPath } from './table-schema'

export const NGRAM_FORMAT = 'decoding-lab/ngram@1'
/** Beyond this the padding and the tables grow with no benefit on a user's text. */
export const MAX_NGRAM_ORDER = 10
export const NGRAM_BOS = '<s>'
export const NGRAM_EOS = '</s>'
export const NGRAM_UNITS = ['char', 'word'] as const
export type NgramUnit = (typeof NGRAM_UNITS)[number]

/** What the symbols of a unit are joined with when a sequence is shown as text. */
export const JOINERS: Record<NgramUnit, string> = { char: '', word: ' ' }

/**
 * An interpolated Kneser-Ney model as counts, the form it is saved in (`*.ngram.json`).
 * Token ids are indexes into `vocab`: 0 is BOS, 1 is EOS, then the symbols of the text.
 */
export interface NgramModelData {
  format: typeof NGRAM_FORMAT
  name: string
  unit: NgramUnit
  order: number
  /** "<s>", "</s>", then the symbols of the training text, sorted. */
  vocab: string[]
  /** discounts[k - 1]: the fixed discount D of the order-k level, in (0, 1]. */
  discounts: number[]
  /**
   * ngrams[k - 1]: every k-gram type as k ids then its count, one after another in one flat list
   * (stride k + 1), in increasing order of the ids. The count is the raw count at the model's own
   * order and the continuation count N1+(• w) (distinct tokens seen before w) below it.
   */
  ngrams: number[][]
  /** What it was trained on. */
  source: { file?: string; lines: number; tokens: number }
}

const headerSchema = z.object({
  format: z.literal(NGRAM_FORMAT, { error: `format must be exactly "${NGRAM_FORMAT}"` }),
  name: z.string().min(1),
  unit: z.enum(NGRAM_UNITS, { error: `unit must be one of ${NGRAM_UNITS.join(', ')}` }),
  order: z.number().int().min(1).max(MAX_NGRAM_ORDER),
  vocab: z
    .array(z.string().min(1, 'a symbol must not be empty'))
    .min(3, 'the vocabulary needs <s>, </s> and at least one symbol'),
  discounts: z.array(z.number().gt(0, 'a discount must be in (0, 1]').max(1, 'a discount must be in (0, 1]')),
  // Checked number by number below: a flat list of numbers per order.
  ngrams: z.array(z.custom<number[]>(Array.isArray, 'must be a list of numbers')),
  source: z.object({ file: z.string().optional(), lines: z.number().int().min(0), tokens: z.number().int().min(0) }),
})

/**
 * Validates parsed JSON; throws InputError naming the JSON path of the first fault.
 * Any data that passes gives proper distributions: counts are whole numbers >= 1 >= D.
 */
export function parseNgram(json: unknown, source: string): NgramModelData {
  const result = headerSchema.safeParse(json)
  if (!result.success) {
    const issue = result.error.issues[0]
    throw new InputError(`${source}: ${jsonPath(issue.path)}: ${describeIssue(issue, json)}`)
  }
  const data = result.data as NgramModelData
  const fail = (path: (string | number)[], message: string): never => {
    throw new InputError(`${source}: ${jsonPath(path)}: ${message}`)
  }
  if (data.vocab[0] !== NGRAM_BOS) fail(['vocab', 0], `must be "${NGRAM_BOS}"`)
  if (data.vocab[1] !== NGRAM_EOS) fail(['vocab', 1], `must be "${NGRAM_EOS}"`)
  const symbols = new Set<string>()
  for (let i = 2; i < data.vocab.length; i++) {
    if (symbols.has(data.vocab[i])) fail(['vocab', i], `duplicate symbol "${data.vocab[i]}"`)
    symbols.add(data.vocab[i])
  }
  if (data.discounts.length !== data.order)
    fail(['discounts'], `needs one discount per order (${data.order}), got ${data.discounts.length}`)
  if (data.ngrams.length !== data.order)
    fail(['ngrams'], `needs one list per order (${data.order}), got ${data.ngrams.length}`)
  const size = data.vocab.length
  data.ngrams.forEach((flat, l) => {
    const k = l + 1
    if (flat.length % (k + 1) !== 0)
      fail(
        ['ngrams', l],
        `holds ${k}-grams as ${k} ids and a count each, so its length must be a multiple of ${k + 1}, got ${flat.length}`,
      )
    for (let at = 0; at < flat.length; at += k + 1) {
      for (let i = 0; i < k; i++) {
        const id = flat[at + i]
        if (!Number.isInteger(id) || id < 0 || id >= size)
          fail(['ngrams', l, at + i], `token id must be a whole number in [0, ${size - 1}], got ${id}`)
      }
      if (flat[at + k - 1] === 0) fail(['ngrams', l, at + k - 1], `"${NGRAM_BOS}" is never predicted`)
      const count = flat[at + k]
      if (!Number.isInteger(count) || count < 1)
        fail(['ngrams', l, at + k], `count must be a whole number >= 1, got ${count}`)
      // Strictly increasing: no duplicates, and the k-grams of one history sit together.
      if (at > 0 && compareAt(flat, at - k - 1, at, k) >= 0)
        fail(['ngrams', l, at], `${k}-grams must be in increasing order of their ids, with no duplicate`)
    }
  })
  return data
}

/** Compares the k ids at a and at b of a flat list. */
function compareAt(flat: readonly number[], a: number, b: number, k: number): number {
  for (let i = 0; i < k; i++) if (flat[a + i] !== flat[b + i]) return flat[a + i] - flat[b + i]
  return 0
}
