import { lazy, Suspense, useMemo, useState } from 'react'
import type { SweepDetail } from '../../../core/sweep/sweep-records'
import { firstSeedOf, seedIntervals } from '../../../core/sweep/sweep-seeds'
import { frontierCurves, matchedTable } from '../../../core/sweep/frontier'
import { INTERVAL_METRICS, mergeSeeds, type IntervalMetric } from '../../../core/sweep/sweep-intervals'
import { cellLabel } from '../../../core/sweep/sweep-table'
import { useT } from '../i18n/i18n'
import { intervalsCsv, matchedCsv } from '../../../core/report/research-csv'
import { download } from '../tree/tree-image'

const FrontierChart = lazy(() => import('./FrontierChart').then((m) => ({ default: m.FrontierChart })))

const DIGITS: Record<IntervalMetric, number> = {
  meanLogProb: 4,
  perplexity: 3,
  selfBleu4: 4,
  zipf: 3,
  repetitionPct: 1,
  distinct2: 4,
}
export const DIVERSITY: readonly IntervalMetric[] = ['selfBleu4', 'distinct2', 'zipf']
export const QUALITY: readonly IntervalMetric[] = ['meanLogProb', 'perplexity']

const span = (m: { mean: number; low: number; high: number } | null, digits: number): string =>
  m ? `${m.mean.toFixed(digits)} [${m.low.toFixed(digits)}, ${m.high.toFixed(digits)}]` : '—'

export function useMetricName(): (m: IntervalMetric) => string {
  const t = useT()
  const names: Record<IntervalMetric, string> = {
    meanLogProb: t('metric.meanLogProb'),
    perplexity: t('metric.perplexity'),
    selfBleu4: t('metric.selfBleu4'),
    zipf: t('metric.zipf'),
    repetitionPct: t('metric.repetitionPct'),
    distinct2: t('metric.distinct2'),
  }
  return (m) => names[m]
}

/** A sweep over seeds: each metric's interval per point, the frontier chart and the matched comparison. */
export function SweepIntervals({ sweep }: { sweep: SweepDetail }) {
  const t = useT()
  const name = useMetricName()
  const { summary } = sweep
  const seed = firstSeedOf(summary.axes)
  const param = summary.axes.find((a) => a.key !== 'seed')?.key ?? null
  const [x, setX] = useState<IntervalMetric>('selfBleu4')
  const [y, setY] = useState<IntervalMetric>('meanLogProb')
  const intervals = useMemo(() => (seed === null ? null : seedIntervals(sweep.cells, seed)), [sweep, seed])
  const curves = useMemo(
    () =>
      seed === null || param === null
        ? []
        : frontierCurves([{ name: summary.strategy.name, param, cells: mergeSeeds(sweep.cells) }], x, y, seed),
    [sweep, seed, param, x, y, summary.strategy.name],
  )
  const xs = curves.flatMap((c) => c.points.map((p) => p.x.mean))
  const middle = xs.length ? (Math.min(...xs) + Math.max(...xs)) / 2 : 0
  const [levelText, setLevelText] = useState<string | null>(null)
  const level = levelText === null ? middle : Number(levelText)
  const matched = Number.isFinite(level) ? matchedTable(curves, level) : null
  if (seed === null || !intervals) return null
  return (
    <section className="sweep-intervals">
      <table aria-label={t('intervals.aria')}>
        <caption>{t('intervals.caption', { resamples: intervals.bootstrap.resamples, seed })}</caption>
        <thead>
          <tr>
            <th>{t('intervals.point')}</th>
            <th>{t('intervals.runs')}</th>
            {INTERVAL_METRICS.map((m) => (
              <th key={m}>{name(m)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {intervals.points.map((p) => (
            <tr key={cellLabel(p.values)}>
              <td>
                {summary.strategy.name} {cellLabel(p.values)}
              </td>
              <td>{p.runs}</td>
              {INTERVAL_METRICS.map((m) => (
                <td key={m}>{span(p.metrics[m], DIGITS[m])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        onClick={() =>
          download(
            new Blob([intervalsCsv(summary.strategy.name, intervals)], { type: 'text/csv' }),
            `decoding-lab-sweep-${summary.id}-intervals.csv`,
          )
        }
      >
        {t('intervals.csv')}
      </button>
      {param !== null && (
        <>
          <figure className="sweep-chart" aria-label={t('frontier.title')}>
            <figcaption>
              {t('frontier.title')}{' '}
              <label>
                {t('frontier.x')}{' '}
                <select
                  aria-label={t('frontier.xAria')}
                  value={x}
                  onChange={(e) => setX(e.target.value as IntervalMetric)}
                >
                  {DIVERSITY.map((m) => (
                    <option key={m} value={m}>
                      {name(m)}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {t('frontier.y')}{' '}
                <select
                  aria-label={t('frontier.yAria')}
                  value={y}
                  onChange={(e) => setY(e.target.value as IntervalMetric)}
                >
                  {QUALITY.map((m) => (
                    <option key={m} value={m}>
                      {name(m)}
                    </option>
                  ))}
                </select>
              </label>
            </figcaption>
            {curves.length === 0 ? (
              <p className="empty">{t('frontier.empty')}</p>
            ) : (
              <Suspense fallback={<p className="empty">…</p>}>
                <FrontierChart curves={curves} xName={name(x)} yName={name(y)} />
              </Suspense>
            )}
            <p className="hint">{t('frontier.note', { param })}</p>
          </figure>
          <section aria-label={t('matched.aria')}>
            <h4>{t('matched.title')}</h4>
            <label>
              {t('matched.level')} ({name(x)}){' '}
              <input
                aria-label={t('matched.levelAria')}
                size={8}
                inputMode="decimal"
                value={levelText ?? middle.toFixed(4)}
                onChange={(e) => setLevelText(e.target.value)}
              />
            </label>
            {matched && (
              <>
                <table aria-label={t('matched.aria')}>
                  <thead>
                    <tr>
                      <th>{t('matched.family')}</th>
                      <th>{t('matched.param')}</th>
                      <th>
                        {t('matched.value')} ({name(y)})
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {matched.rows.map((r) => (
                      <tr key={r.label}>
                        <td>{r.label}</td>
                        <td>{r.matched ? `${r.param}=${r.matched.param.toFixed(4)}` : '—'}</td>
                        <td>
                          {r.matched
                            ? `${r.matched.y.toFixed(DIGITS[y])} [${r.matched.yLow?.toFixed(DIGITS[y]) ?? '—'}, ${r.matched.yHigh?.toFixed(DIGITS[y]) ?? '—'}]${r.matched.ambiguous ? ` ${t('matched.ambiguous')}` : ''}`
                            : t('matched.outside')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <ul className="matched-differences">
                  {matched.differences.map((d) => (
                    <li key={`${d.a}|${d.b}`}>
                      {t(d.separated ? 'matched.separated' : 'matched.within', {
                        a: d.a,
                        b: d.b,
                        difference: d.difference.toFixed(DIGITS[y]),
                      })}
                    </li>
                  ))}
                </ul>
                <p className="hint">{t('matched.method', { method: matched.method })}</p>
                <button
                  type="button"
                  onClick={() =>
                    download(
                      new Blob([matchedCsv(matched, x, y)], { type: 'text/csv' }),
                      `decoding-lab-sweep-${summary.id}-matched.csv`,
                    )
                  }
                >
                  {t('matched.csv')}
                </button>
              </>
            )}
          </section>
        </>
      )}
    </section>
  )
}
