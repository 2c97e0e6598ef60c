import { StepChart, type LegendExtra, type NamedSeries } from '../compare/StepChart'

/** The overlay's cumulative log-likelihood chart, a module of its own so that recharts loads only with it. */
export default function OverlayChart(props: {
  caption: string
  xLabel: string
  yLabel: string
  series: readonly NamedSeries[]
  legendExtra?: LegendExtra
}) {
  return (
    <div className="overlay-chart">
      <StepChart {...props} />
    </div>
  )
}
