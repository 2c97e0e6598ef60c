import type { RunDetail } from '../../../core/records'
import { useT } from '../i18n/i18n'

/** What speculative decoding saved, one line per speculative run that recorded its statistics. */
export function SpeculativeStats({ runs }: { runs: readonly RunDetail[] }) {
  const t = useT()
  const shown = runs.filter((r) => r.speculative)
  if (shown.length === 0) return null
  return (
    <ul className="speculative-stats" aria-label={t('compare.speculative')}>
      {shown.map((r) => {
        const s = r.speculative as NonNullable<RunDetail['speculative']>
        return (
          <li key={r.id}>
            {t('compare.speculativeRun', { id: r.id, draft: r.strategy.draft ?? '?' })}{' '}
            {s.acceptanceRate === null
              ? t('compare.speculativeNone')
              : t('compare.speculativeAcceptance', {
                  rate: `${Number((s.acceptanceRate * 100).toFixed(1))}%`,
                  accepted: s.accepted,
                  drafted: s.drafted,
                  rejected: s.rejected,
                })}
            {'; '}
            {t('compare.speculativeCalls', { calls: s.targetCalls, tokens: s.tokens, saved: s.targetCallsSaved })}
          </li>
        )
      })}
    </ul>
  )
}
