import { useState } from 'react'
import { CartesianGrid, LabelList, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts'
import type { SweepTableRow } from '../../../core/sweep/sweep-table'
import { useT } from '../i18n/i18n'
import { tradeoffPoints, type DiversityMeasure } from './tradeoff-points'

const tick = (v: number): string => v.toFixed(3)

/** Likelihood against diversity, one labelled point per strategy cell (recharts: loaded lazily). */
export function TradeoffChart({ rows }: { rows: readonly SweepTableRow[] }) {
  const t = useT()
  const [measure, setMeasure] = useState<DiversityMeasure>('selfBleu4')
  const points = tradeoffPoints(rows, measure)
  const xName = measure === 'selfBleu4' ? t('sweep.selfBleu') : t('sweep.distinct2')
  return (
    <figure className="sweep-chart" aria-label={t('sweep.chart')}>
      <figcaption>
        {t('sweep.chart')}{' '}
        <label>
          {t('sweep.chartX')}{' '}
          <select
            aria-label={t('sweep.chartXAria')}
            value={measure}
            onChange={(e) => setMeasure(e.target.value as DiversityMeasure)}
          >
            <option value="selfBleu4">{t('sweep.selfBleu')}</option>
            <option value="distinct2">{t('sweep.distinct2')}</option>
          </select>
        </label>
      </figcaption>
      {points.length === 0 ? (
        <p className="empty">{t('sweep.chartEmpty')}</p>
      ) : (
        <ScatterChart width={560} height={340} margin={{ top: 24, right: 48, bottom: 28, left: 24 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="x"
            name={xName}
            domain={['auto', 'auto']}
            padding={{ left: 40, right: 40 }}
            tickFormatter={tick}
            label={{ value: xName, position: 'insideBottom', offset: -16 }}
          />
          <YAxis
            type="number"
            dataKey="y"
            name={t('sweep.chartY')}
            width={72}
            domain={['auto', 'auto']}
            padding={{ top: 24, bottom: 24 }}
            tickFormatter={tick}
            label={{
              value: t('sweep.chartY'),
              angle: -90,
              position: 'insideLeft',
              offset: -4,
              style: { textAnchor: 'middle' },
            }}
          />
          <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
          <Scatter data={points} fill="#2563eb" isAnimationActive={false}>
            <LabelList dataKey="label" position="top" />
          </Scatter>
        </ScatterChart>
      )}
      <p className="hint">{t('sweep.chartNote')}</p>
    </figure>
  )
}
