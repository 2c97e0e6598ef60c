import { lazy, Suspense, useMemo } from 'react'
import { formatStrategy } from '../../../core/strategy-spec'
import { fixedStrategy } from '../../../core/sweep/sweep-grid'
import type { SweepDetail } from '../../../core/sweep/sweep-records'
import { sweepTableRows } from '../../../core/sweep/sweep-table'
import { useT } from '../i18n/i18n'
import { SweepIntervals } from './SweepIntervals'
import { SweepTable } from './SweepTable'

// recharts comes with the chart, after the table, as CompareView's does.
const TradeoffChart = lazy(() => import('./TradeoffChart').then((m) => ({ default: m.TradeoffChart })))

/** An opened sweep: its metrics table and its likelihood–diversity chart. */
export function SweepResults({ sweep }: { sweep: SweepDetail }) {
  const t = useT()
  const rows = useMemo(() => sweepTableRows(sweep.cells), [sweep])
  const { summary } = sweep
  const strategy = formatStrategy(fixedStrategy(summary.strategy, summary.axes))
  return (
    <section
      className="sweep-results"
      aria-label={t('sweep.results', { id: summary.id, strategy, model: summary.model, prompts: summary.prompts })}
    >
      <h3>{t('sweep.results', { id: summary.id, strategy, model: summary.model, prompts: summary.prompts })}</h3>
      <SweepTable rows={rows} strategy={summary.strategy.name} />
      <Suspense fallback={<p className="empty">…</p>}>
        <TradeoffChart rows={rows} />
      </Suspense>
      <SweepIntervals sweep={sweep} />
    </section>
  )
}
