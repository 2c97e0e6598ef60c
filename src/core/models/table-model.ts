import { extent } from '../extent'
import { DecodeError, TokenizeError } from '../errors'
import type { Distribution, LanguageModel, TokenId } from '../types'
import type { TableModelData } from './table-schema'

interface Row {
  ids: Int32Array
  probs: Float64Array
}

/** A model given as a table of conditional probabilities; the longest matching context suffix applies. */
export class TableModel implements LanguageModel {
  readonly kind = 'table' as const
  readonly vocabSize: number
  readonly bos: TokenId
  readonly eos: TokenId
  private readonly index = new Map<string, TokenId>()
  private readonly rules = new Map<string, Row>()
  private readonly fallback: Row | null
  private readonly longestContext: number
  private readonly longestToken: number

  constructor(
    readonly id: string,
    readonly data: TableModelData,
  ) {
    data.vocab.forEach((t, i) => this.index.set(t, i))
    this.vocabSize = data.vocab.length
    this.bos = this.index.get(data.bos) as TokenId
    this.eos = this.index.get(data.eos) as TokenId
    for (const rule of data.rules)
      this.rules.set(key(rule.context.map((t) => this.index.get(t) as TokenId)), this.row(rule.next))
    this.fallback = data.default ? this.row(data.default) : null
    this.longestContext = Math.max(0, extent(data.rules.map((r) => r.context.length)).max)
    this.longestToken = extent(data.vocab.map((t) => [...t].length)).max
  }

  get name(): string {
    return this.data.name ?? this.id
  }

  /** Splits at whitespace, then matches each piece greedily against the longest vocabulary token. */
  tokenize(text: string): TokenId[] {
    const out: TokenId[] = []
    for (const piece of text.split(/\s+/u).filter(Boolean)) {
      const chars = [...piece]
      for (let i = 0; i < chars.length;) {
        let matched = 0
        for (let len = Math.min(this.longestToken, chars.length - i); len > 0; len--) {
          const id = this.index.get(chars.slice(i, i + len).join(''))
          if (id !== undefined) {
            out.push(id)
            matched = len
            break
          }
        }
        if (matched === 0) {
          throw new TokenizeError(
            `cannot tokenize "${piece}": "${chars[i]}" at character ${i + 1} starts no token of ${this.name}'s vocabulary`,
          )
        }
        i += matched
      }
    }
    return out
  }

  tokenText(id: TokenId): string {
    return this.data.vocab[id] ?? `<${id}>`
  }

  detokenize(ids: readonly TokenId[]): string {
    return ids
      .filter((id) => id !== this.bos && id !== this.eos)
      .map((id) => this.tokenText(id))
      .join(this.data.joiner)
  }

  async next(context: readonly TokenId[]): Promise<Distribution> {
    for (let len = Math.min(this.longestContext, context.length); len > 0; len--) {
      const row = this.rules.get(key(context.slice(context.length - len)))
      if (row) return { kind: 'probs', ids: row.ids, probs: row.probs, otherMass: 0 }
    }
    if (this.fallback) return { kind: 'probs', ids: this.fallback.ids, probs: this.fallback.probs, otherMass: 0 }
    const prefix = context.map((id) => this.tokenText(id)).join(' ')
    throw new DecodeError(
      `${this.name} has no rule for the prefix "${prefix}" and no default; add a rule or a "default" to the table`,
    )
  }

  private row(next: ReadonlyMap<string, number>): Row {
    const entries = [...next].filter(([, p]) => p > 0)
    return {
      ids: Int32Array.from(entries, ([t]) => this.index.get(t) as TokenId),
      probs: Float64Array.from(entries, ([, p]) => p),
    }
  }
}

function key(ids: readonly TokenId[]): string {
  return ids.join(',')
}
