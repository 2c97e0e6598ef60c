import type { Processor } from '../processors'
import type { TokenId } from '../types'
import { historyOf } from './history'
import { hiddenAmong, reweighted } from './reweight'

/** Tokens that would complete an n-gram already present in `context` (Hugging Face's rule). */
export function bannedTokens(context: readonly TokenId[], n: number): Set<TokenId> {
  const banned = new Set<TokenId>()
  const start = context.length - (n - 1)
  if (n < 1 || start < 0) return banned
  for (let i = 0; i + n <= context.length; i++) {
    let match = true
    for (let k = 0; k < n - 1 && match; k++) match = context[i + k] === context[start + k]
    if (match) banned.add(context[i + n - 1])
  }
  return banned
}

/** no-repeat-n-gram: 0 = disabled. Gives probability 0 to every token that would repeat an n-gram. */
export function noRepeatNgram(n: number): Processor {
  return {
    name: 'noRepeatNgram',
    apply(c, context) {
      const banned = n === 0 ? new Set<TokenId>() : historyOf(context).banned(n)
      const out = reweighted(c, (i) => (banned.has(c.ids[i]) ? 0 : 1))
      return hiddenAmong(c, banned)
        ? {
            ...out,
            warnings: [
              'noRepeatNgram: a banned token lies in the unknown rest of a partial distribution and keeps its probability',
            ],
          }
        : out
    },
  }
}
