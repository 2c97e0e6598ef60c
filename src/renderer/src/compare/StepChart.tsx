import { useMemo, useRef } from 'react'
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { useT } from '../i18n/i18n'
import { stepRows, type StepSeries } from './step-series'
import { useChartWidth } from './use-chart-width'
import { useChartZoom } from './use-chart-zoom'
import './compare.css'

export const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777']

export interface NamedSeries extends StepSeries {
  name: string
  /** The line's colour; by position in COLOURS when absent. */
  colour?: string
  /** An SVG stroke-dasharray; solid when absent. */
  dash?: string
  /** A fainter line (a pruned beam hypothesis). */
  thin?: boolean
  /** false: drawn, but named only by the chart's one `legendExtra` entry (every pruned hypothesis). */
  inLegend?: boolean
}

/** One legend entry standing for every series left out of the legend. */
export interface LegendExtra {
  label: string
  colour: string
}

const MAX_DOTS = 200
/** More lines than this get their legend as a list under the chart: recharts' own legend would spill over the page. */
const MAX_CHART_LEGEND = 8

const format = (v: unknown): string => (typeof v === 'number' ? v.toFixed(4) : String(v))

/**
 * A line per sequence over the steps; series keys are not labels, since a dot in a dataKey is a path to recharts.
 * The wheel zooms the steps (drag pans), and every chart under the same StepZoomProvider follows.
 */
export function StepChart({
  caption,
  xLabel,
  yLabel,
  series,
  note,
  legendExtra,
}: {
  caption: string
  xLabel: string
  yLabel: string
  series: readonly NamedSeries[]
  note?: string
  legendExtra?: LegendExtra
}) {
  const t = useT()
  const rows = useMemo(() => stepRows(series), [series])
  const box = useRef<HTMLDivElement>(null)
  const zoom = useChartZoom(box, rows.length)
  const figure = useRef<HTMLElement>(null)
  const width = useChartWidth(figure)
  // Only the rows in view: the y axis then fits what is shown.
  const shown = zoom.range ? rows.slice(zoom.range[0] - 1, zoom.range[1]) : rows
  const named = series.filter((s) => s.inLegend !== false)
  const listed = named.length + (legendExtra ? 1 : 0) > MAX_CHART_LEGEND
  // A dot per point helps on short sequences; on long ones dots only cost rendering time and hide the line.
  const dots = series.reduce((n, s) => n + s.values.length, 0) <= MAX_DOTS
  return (
    <figure aria-label={caption} ref={figure}>
      <figcaption>{caption}</figcaption>
      <p className="chart-zoom" aria-live="polite">
        {zoom.range ? (
          <>
            {t('compare.zoomed', { from: zoom.range[0], to: zoom.range[1], last: rows.length })}{' '}
            <button type="button" onClick={zoom.reset}>
              {t('compare.zoomReset')}
            </button>
          </>
        ) : (
          rows.length > 3 && t('compare.zoomHint')
        )}
      </p>
      <div ref={box} className={zoom.range ? 'chart-plot zoomed' : 'chart-plot'}>
        <LineChart width={width} height={280} data={shown} margin={{ top: 8, right: 16, bottom: 20, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={zoom.range ? [zoom.range[0], zoom.range[1]] : [1, 'dataMax']}
            allowDataOverflow
            allowDecimals={false}
            label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
          />
          <YAxis
            width={64}
            domain={zoom.range ? ['auto', 'auto'] : undefined}
            tickFormatter={(v: number) => String(Number(v.toFixed(3)))}
            label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: -4, style: { textAnchor: 'middle' } }}
          />
          <Tooltip formatter={format} labelFormatter={(step) => `${xLabel} ${String(step)}`} />
          {!listed && <Legend verticalAlign="top" />}
          {series.map((s, i) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.name}
              legendType={s.inLegend === false ? 'none' : 'line'}
              stroke={s.colour ?? COLOURS[i % COLOURS.length]}
              strokeDasharray={s.dash}
              strokeOpacity={s.thin ? 0.6 : undefined}
              isAnimationActive={false}
              connectNulls={false}
              dot={dots}
            />
          ))}
        </LineChart>
      </div>
      {(listed || legendExtra) && (
        <ul className="chart-legend">
          {(listed ? named : []).map((s, i) => (
            <li key={s.key}>
              <svg width="22" height="8" aria-hidden="true">
                <line
                  x1="1"
                  y1="4"
                  x2="21"
                  y2="4"
                  stroke={s.colour ?? COLOURS[i % COLOURS.length]}
                  strokeWidth={2}
                  strokeDasharray={s.dash}
                  strokeOpacity={s.thin ? 0.6 : undefined}
                />
              </svg>
              {s.name}
            </li>
          ))}
          {legendExtra && (
            <li className="chart-legend-extra">
              <svg width="22" height="8" aria-hidden="true">
                <line x1="1" y1="4" x2="21" y2="4" stroke={legendExtra.colour} strokeWidth={1.5} />
              </svg>
              {legendExtra.label}
            </li>
          )}
        </ul>
      )}
      {note && <p className="chart-note">{note}</p>}
    </figure>
  )
}
