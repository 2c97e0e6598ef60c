import { CartesianGrid, Legend, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts'
import type { FrontierCurve } from '../../../core/sweep/frontier'

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2']
const tick = (v: number): string => v.toFixed(3)

/**
 * The frontier: one line per family along its parameter, each point with its x and y intervals as
 * bars (recharts: loaded lazily). The bars are segments in data space: recharts' ErrorBar scaled a
 * horizontal bar of a scatter by the vertical axis.
 */
export function FrontierChart({
  curves,
  xName,
  yName,
}: {
  curves: readonly FrontierCurve[]
  xName: string
  yName: string
}) {
  const points = curves.flatMap((c, i) =>
    c.points.map((p) => ({ ...p, colour: COLOURS[i % COLOURS.length], key: `${c.label}|${p.param}` })),
  )
  const xs = points.flatMap((p) => [p.x.low, p.x.high])
  const ys = points.flatMap((p) => [p.y.low, p.y.high])
  const pad = (lo: number, hi: number): [number, number] => {
    const d = hi - lo || Math.abs(hi) * 0.1 || 1
    return [lo - d * 0.1, hi + d * 0.1]
  }
  return (
    <ScatterChart width={620} height={360} margin={{ top: 24, right: 48, bottom: 28, left: 24 }}>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis
        type="number"
        dataKey="x"
        name={xName}
        domain={pad(Math.min(...xs), Math.max(...xs))}
        tickFormatter={tick}
        label={{ value: xName, position: 'insideBottom', offset: -16 }}
      />
      <YAxis
        type="number"
        dataKey="y"
        name={yName}
        width={72}
        domain={pad(Math.min(...ys), Math.max(...ys))}
        tickFormatter={tick}
        label={{ value: yName, angle: -90, position: 'insideLeft', offset: -4, style: { textAnchor: 'middle' } }}
      />
      <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
      <Legend verticalAlign="top" />
      {points.map((p) => (
        <ReferenceLine
          key={`x ${p.key}`}
          className="frontier-bar"
          segment={[
            { x: p.x.low, y: p.y.mean },
            { x: p.x.high, y: p.y.mean },
          ]}
          stroke={p.colour}
          ifOverflow="extendDomain"
        />
      ))}
      {points.map((p) => (
        <ReferenceLine
          key={`y ${p.key}`}
          className="frontier-bar"
          segment={[
            { x: p.x.mean, y: p.y.low },
            { x: p.x.mean, y: p.y.high },
          ]}
          stroke={p.colour}
          ifOverflow="extendDomain"
        />
      ))}
      {curves.map((c, i) => (
        <Scatter
          key={c.label}
          name={c.label}
          data={c.points.map((p) => ({ x: p.x.mean, y: p.y.mean, param: p.param }))}
          fill={COLOURS[i % COLOURS.length]}
          line={{ stroke: COLOURS[i % COLOURS.length] }}
          isAnimationActive={false}
        />
      ))}
    </ScatterChart>
  )
}
