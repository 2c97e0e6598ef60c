/** GLTR's rank buckets, by 0-based rank in the model's ranking order: top-1, top-10, top-100, top-1000, the rest. */
export const RANK_BUCKETS = ['top1', 'top10', 'top100', 'top1000', 'rest'] as const
export type RankBucket = (typeof RANK_BUCKETS)[number]

const LIMITS = [1, 10, 100, 1000]

export function rankBucket(rank: number): RankBucket {
  const i = LIMITS.findIndex((limit) => rank < limit)
  return RANK_BUCKETS[i === -1 ? 4 : i]
}

export type RankHistogram = Record<RankBucket, number>

export function rankHistogram(ranks: readonly number[]): RankHistogram {
  const h: RankHistogram = { top1: 0, top10: 0, top100: 0, top1000: 0, rest: 0 }
  for (const r of ranks) h[rankBucket(r)]++
  return h
}
