import type { SweepTableRow } from '../../../core/sweep/sweep-table'
import { useT } from '../i18n/i18n'

const fmt = (v: number | null, digits = 3): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits))

/** Holtzman et al. (2019), Table 1: one row per strategy cell, pooled over the sweep's prompts. */
export function SweepTable({ rows, strategy }: { rows: readonly SweepTableRow[]; strategy: string }) {
  const t = useT()
  return (
    <table aria-label={t('sweep.tableAria')}>
      <caption>{t('sweep.tableCaption')}</caption>
      <thead>
        <tr>
          <th>{t('sweep.cell')}</th>
          <th title={t('sweep.perplexityHelp')}>{t('sweep.perplexity')}</th>
          <th title={t('sweep.selfBleuHelp')}>{t('sweep.selfBleu')}</th>
          <th title={t('sweep.zipfHelp')}>{t('sweep.zipf')}</th>
          <th title={t('sweep.repetitionHelp')}>{t('sweep.repetition')}</th>
          <th>{t('sweep.meanLogProb')}</th>
          <th>{t('sweep.distinct2')}</th>
          <th>{t('sweep.sequences')}</th>
          <th>{t('sweep.runsDone')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.index}>
            <td>
              {strategy} {r.label}
            </td>
            <td>{fmt(r.perplexity)}</td>
            <td>{fmt(r.selfBleu4)}</td>
            <td>{fmt(r.zipf)}</td>
            <td>{fmt(r.repetitionPct, 1)}</td>
            <td>{fmt(r.meanLogProb, 4)}</td>
            <td>{fmt(r.distinct2)}</td>
            <td>{r.sequences}</td>
            <td>
              {r.done}/{r.outputs}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
