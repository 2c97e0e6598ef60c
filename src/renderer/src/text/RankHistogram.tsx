import { Bar, BarChart, XAxis, YAxis } from 'recharts'
import { bucket, type TextToken } from './text-tokens'

/** How many of a sequence's tokens fall in each GLTR rank bucket; tokens of unknown rank are left out. */
export function rankCounts(tokens: readonly Pick<TextToken, 'prob' | 'rank' | 'entropy'>[]): number[] {
  const counts = [0, 0, 0, 0, 0]
  for (const tok of tokens) {
    const b = bucket(tok, 'rank')
    if (b !== null) counts[b]++
  }
  return counts
}

export function RankHistogram({
  tokens,
  labels,
  title,
}: {
  tokens: readonly Pick<TextToken, 'prob' | 'rank' | 'entropy'>[]
  labels: string[]
  title: string
}) {
  const data = rankCounts(tokens).map((count, i) => ({ bucket: labels[i], count }))
  return (
    <figure className="rank-histogram" aria-label={title} data-counts={data.map((d) => d.count).join(' ')}>
      <BarChart width={320} height={120} data={data}>
        <XAxis dataKey="bucket" />
        <YAxis allowDecimals={false} width={30} />
        <Bar dataKey="count" fill="#7c3aed" isAnimationActive={false} />
      </BarChart>
    </figure>
  )
}
