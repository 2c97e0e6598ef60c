import { TokenizeError } from '../errors'
import type { Distribution, LanguageModel, TokenId } from '../types'
import { JOINERS, type NgramModelData } from './ngram-schema'
import { splitUnits } from './ngram-train'

/**
 * One order's k-grams, those of a history side by side: row r (a history) holds the entries
 * starts[r] to starts[r + 1] − 1, whose last tokens are `ids` and counts `counts`.
 */
interface Level {
  rows: Map<string, number>
  starts: Int32Array
  ids: Int32Array
  counts: Float64Array
  /** C = Σ c(h ·) of each row. */
  totals: Float64Array
}

const BOS = 0
const EOS = 1

/**
 * An interpolated Kneser-Ney n-gram model (see ngram-train.ts for the counts). For a history h of
 * the order-k level, with counts c, total C = Σ c(h ·) and N1+(h ·) distinct followers:
 *
 *   P_k(w | h) = max(c(h w) − D_k, 0) / C + D_k · N1+(h ·) / C · P_{k−1}(w | h')
 *
 * where h' drops the oldest token of h; a history with no counts gives P_k = P_{k−1}. P_0 is
 * uniform over the symbols and EOS; BOS is never predicted. A context shorter than order − 1 is
 * padded with BOS, as the training lines were.
 */
export class NgramModel implements LanguageModel {
  readonly kind = 'ngram' as const
  readonly vocabSize: number
  readonly bos: TokenId = BOS
  readonly eos: TokenId = EOS
  readonly order: number
  private readonly index = new Map<string, TokenId>()
  /** levels[k - 1]: the order-k level. */
  private readonly levels: Level[]
  /** Every id but BOS, the ids of each distribution. */
  private readonly predicted: Int32Array
  private unigramCache: Float64Array | null = null

  constructor(
    readonly id: string,
    readonly data: NgramModelData,
  ) {
    this.vocabSize = data.vocab.length
    this.order = data.order
    for (let i = 2; i < data.vocab.length; i++) this.index.set(data.vocab[i], i)
    this.predicted = Int32Array.from({ length: this.vocabSize - 1 }, (_, i) => i + 1)
    this.levels = data.ngrams.map((flat, l) => levelOf(flat, l + 1))
  }

  get name(): string {
    return this.data.name
  }

  tokenize(text: string): TokenId[] {
    const units = splitUnits(text, this.data.unit)
    return units.map((u, i) => {
      const id = this.index.get(u)
      if (id === undefined) {
        const where = this.data.unit === 'char' ? `character ${i + 1}` : `word ${i + 1}`
        throw new TokenizeError(
          `cannot tokenize ${excerpt(text)}: ${JSON.stringify(u)} at ${where} is not in the vocabulary of ${this.name}, which has only the ${this.data.unit === 'char' ? 'characters' : 'words'} of its training text`,
        )
      }
      return id
    })
  }

  tokenText(id: TokenId): string {
    return this.data.vocab[id] ?? `<${id}>`
  }

  detokenize(ids: readonly TokenId[]): string {
    return ids
      .filter((id) => id !== BOS && id !== EOS)
      .map((id) => this.tokenText(id))
      .join(JOINERS[this.data.unit])
  }

  async next(context: readonly TokenId[]): Promise<Distribution> {
    return { kind: 'probs', ids: this.predicted, probs: this.probabilities(context), otherMass: 0 }
  }

  /** P(w | context) for every id but BOS, in the order of the ids 1, 2, …; sums to 1. */
  probabilities(context: readonly TokenId[]): Float64Array {
    const n = this.order
    const history = context.slice(Math.max(0, context.length - (n - 1)))
    while (history.length < n - 1) history.unshift(BOS)
    // Unrolled from the top order down: P_n = Σ_{k>1} (Π_{j>k} γ_j) · α_k + (Π_{j>1} γ_j) · P_1, where
    // α_k(w) = (c − D_k)/C for the followers of the order-k history and γ_k = D_k · N1+(h ·)/C
    // (γ = 1 and α = 0 for a history with no counts). P_1 does not depend on the context.
    const probs = new Float64Array(this.predicted.length)
    let weight = 1
    for (let k = n; k >= 2; k--) {
      const level = this.levels[k - 1]
      const row = level.rows.get(history.slice(n - k).join(','))
      if (row === undefined) continue
      const d = this.data.discounts[k - 1]
      const total = level.totals[row]
      const end = level.starts[row + 1]
      for (let j = level.starts[row]; j < end; j++) probs[level.ids[j] - 1] += (weight * (level.counts[j] - d)) / total
      weight *= (d * (end - level.starts[row])) / total
    }
    const unigram = this.unigram()
    for (let i = 0; i < probs.length; i++) probs[i] += weight * unigram[i]
    return probs
  }

  /** P_1: the order-1 level interpolated with the uniform distribution. */
  private unigram(): Float64Array {
    if (this.unigramCache) return this.unigramCache
    const p = new Float64Array(this.predicted.length)
    let lower = 1
    const level = this.levels[0]
    if (level.rows.has('')) {
      const d = this.data.discounts[0]
      // The order-1 level has one row, the empty history, holding every entry.
      for (let j = 0; j < level.ids.length; j++) p[level.ids[j] - 1] = (level.counts[j] - d) / level.totals[0]
      lower = (d * level.ids.length) / level.totals[0]
    }
    for (let i = 0; i < p.length; i++) p[i] += lower / p.length
    this.unigramCache = p
    return p
  }
}

/** A one-line description for model lists. */
export function describeNgram(data: NgramModelData): string {
  const from = data.source.file ? ` on ${data.source.file}` : ''
  const symbols = data.unit === 'char' ? 'characters' : 'words'
  return `${data.unit} ${data.order}-gram, interpolated Kneser-Ney, trained${from}: ${data.source.lines} lines, ${data.source.tokens} ${symbols}, ${data.vocab.length - 2} distinct`
}

/** The order-k level from its flat list, whose k-grams of one history sit together. */
function levelOf(flat: readonly number[], k: number): Level {
  const stride = k + 1
  const entries = flat.length / stride
  const ids = new Int32Array(entries)
  const counts = new Float64Array(entries)
  for (let e = 0; e < entries; e++) {
    ids[e] = flat[e * stride + k - 1]
    counts[e] = flat[e * stride + k]
  }
  const rows = new Map<string, number>()
  const starts: number[] = []
  const totals: number[] = []
  for (let start = 0; start < entries;) {
    let end = start + 1
    while (end < entries && sameHistory(flat, start * stride, end * stride, k - 1)) end++
    let total = 0
    for (let e = start; e < end; e++) total += counts[e]
    rows.set(flat.slice(start * stride, start * stride + k - 1).join(','), starts.length)
    starts.push(start)
    totals.push(total)
    start = end
  }
  starts.push(entries)
  return { rows, starts: Int32Array.from(starts), ids, counts, totals: Float64Array.from(totals) }
}

function sameHistory(flat: readonly number[], a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (flat[a + i] !== flat[b + i]) return false
  return true
}

function excerpt(text: string): string {
  const chars = [...text]
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text)
}
