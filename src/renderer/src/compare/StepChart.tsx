import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts'
import { stepRows, type StepSeries } from './step-series'
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

/** A line per sequence over the steps; series keys are not labels, since a dot in a dataKey is a path to recharts. */
export function StepChart({ caption, xLabel, yLabel, series, note, legendExtra }: { caption: string; xLabel: string; yLabel: string; series: readonly NamedSeries[]; note?: string; legendExtra?: LegendExtra }) {
  const named = series.filter((s) => s.inLegend !== false)
  const listed = named.length + (legendExtra ? 1 : 0) > MAX_CHART_LEGEND
  // A dot per point helps on short sequences; on long ones dots only cost rendering time and hide the line.
  const dots = series.reduce((n, s) => n + s.values.length, 0) <= MAX_DOTS
  return (
    <figure aria-label={caption}>
      <figcaption>{caption}</figcaption>
      <LineChart width={480} height={280} data={stepRows(series)} margin={{ top: 8, right: 16, bottom: 20, left: 16 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="step" type="number" domain={[1, 'dataMax']} allowDecimals={false} label={{ value: xLabel, position: 'insideBottom', offset: -12 }} />
        <YAxis width={64} tickFormatter={(v: number) => String(Number(v.toFixed(3)))} label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: -4, style: { textAnchor: 'middle' } }} />
        <Tooltip formatter={format} labelFormatter={(step) => `${xLabel} ${String(step)}`} />
        {!listed && <Legend verticalAlign="top" />}
        {series.map((s, i) => (
          <Line key={s.key} dataKey={s.key} name={s.name} legendType={s.inLegend === false ? 'none' : 'line'} stroke={s.colour ?? COLOURS[i % COLOURS.length]} strokeDasharray={s.dash} strokeOpacity={s.thin ? 0.6 : undefined} isAnimationActive={false} connectNulls={false} dot={dots} />
        ))}
      </LineChart>
      {(listed || legendExtra) && (
        <ul className="chart-legend">
          {(listed ? named : []).map((s, i) => (
            <li key={s.key}>
              <svg width="22" height="8" aria-hidden="true">
                <line x1="1" y1="4" x2="21" y2="4" stroke={s.colour ?? COLOURS[i % COLOURS.length]} strokeWidth={2} strokeDasharray={s.dash} strokeOpacity={s.thin ? 0.6 : undefined} />
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
