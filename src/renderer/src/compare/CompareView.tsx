import { useMemo, useRef, useState } from 'react'
import {
  joinFor,
  tokenSeparator,
  visibleToken,
  visibleTokens,
  type TokenJoin,
} from '../../../core/report/visible-token'
import { Bar, BarChart, CartesianGrid, Cell, LabelList, Tooltip, XAxis, YAxis } from 'recharts'
import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { formatStrategy } from '../../../core/strategy-spec'
import { sequenceName } from '../app/run-names'
import { useT } from '../i18n/i18n'
import { stablePathStyle } from '../tree/path-style'
import { ChainRule } from './ChainRule'
import './compare.css'
import { RunDiffPanel } from './RunDiffPanel'
import { SpeculativeStats } from './SpeculativeStats'
import { StepChart, type NamedSeries } from './StepChart'
import { useChartWidth } from './use-chart-width'
import { cumulativeLogProbs, nodesById, SAME_DASH, sameAsEarlier, stepEntropies, stepLogProbs } from './step-series'

/** A sequence's tokens, the forced ones (they come first) marked; all as React text. */
function Tokens({
  tokens,
  forced,
  title,
  join,
}: {
  tokens: readonly string[]
  forced: number
  title: string
  join: TokenJoin
}) {
  if (forced === 0) return <>{visibleTokens(tokens, join)}</>
  const rest = tokens.slice(forced)
  return (
    <>
      <span className="forced-tokens" title={title}>
        {visibleTokens(tokens.slice(0, forced), join)}
      </span>
      {rest.length > 0 && tokenSeparator(tokens[forced - 1], rest[0], join) + visibleTokens(rest, join)}
    </>
  )
}

/** A sequence's colour in every chart: from its run and its index there, as in the overlay. */
const rowColour = (r: Row): string => stablePathStyle(r.run.id, r.index).colour

interface Row {
  key: string
  label: string
  run: RunDetail
  seq: RunDetail['sequences'][number]
  index: number
}

/** Every returned sequence side by side: the table, the chain-rule product, and per-step and final likelihood charts. */
export function CompareView({ runs }: { runs: RunDetail[] }) {
  const t = useT()
  const rows: Row[] = useMemo(
    () =>
      runs.flatMap((run) =>
        run.sequences.map((seq, i) => ({ key: `${run.id}:${i}`, label: sequenceName(run, i, t), run, seq, index: i })),
      ),
    [runs, t],
  )
  const series = useMemo(() => {
    const trees = new Map(runs.map((r) => [r.id, nodesById(r.tree)]))
    const of = (values: (r: Row) => (number | null)[]): NamedSeries[] => {
      const list = rows.map((r, i) => ({ key: `s${i}`, name: r.label, values: values(r), colour: rowColour(r) }))
      // A line that repeats an earlier one is dashed and says so: otherwise it would hide under it.
      const same = sameAsEarlier(list)
      return list.map((s, i) =>
        same[i] === null
          ? s
          : { ...s, dash: SAME_DASH, name: t('compare.sameAs', { name: s.name, other: list[same[i] as number].name }) },
      )
    }
    return {
      cumulative: of((r) => cumulativeLogProbs(r.seq)),
      logProb: of((r) => stepLogProbs(r.seq)),
      entropy: of((r) => stepEntropies(r.seq, trees.get(r.run.id) ?? new Map())),
    }
  }, [runs, rows, t])
  const [selected, setSelected] = useState<string | null>(null)
  const current = rows.find((r) => r.key === selected) ?? rows[0]
  const finalBox = useRef<HTMLElement>(null)
  // Hooks before the early return: the box is there only once there are rows.
  const finalWidth = useChartWidth(finalBox, rows.length > 0)
  if (rows.length === 0) return <p className="empty">{t('compare.empty')}</p>

  const finals = rows.map((r) => ({ name: r.label, logProb: r.seq.logProb, colour: rowColour(r) }))
  const step = t('compare.step')

  return (
    <section className="compare" aria-label={t('compare.section')}>
      <div className="compare-table">
        <table>
          <thead>
            <tr>
              <th>{t('compare.strategy')}</th>
              <th>{t('compare.text')}</th>
              <th>{t('compare.probability')}</th>
              <th>{t('compare.logProb')}</th>
              <th>{t('compare.perplexity')}</th>
              <th>{t('compare.length')}</th>
              <th title={t('compare.endedTitle')}>{t('compare.ended')}</th>
              <th>{t('compare.time')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.key}
                aria-selected={r.key === current.key}
                onClick={() => setSelected(r.key)}
                className={r.key === current.key ? 'selected' : ''}
              >
                <td className="strategy" title={formatStrategy(r.run.strategy)}>
                  {r.label}
                </td>
                <td className="tokens">
                  <Tokens
                    tokens={r.seq.tokens}
                    forced={r.run.strategy.forced?.length ?? 0}
                    title={t('compare.forced')}
                    join={joinFor(r.run.modelKind)}
                  />
                </td>
                <td>{formatProb(r.seq.probability)}</td>
                <td>{r.seq.logProb.toFixed(4)}</td>
                <td>{r.seq.steps.length ? Math.exp(-r.seq.logProb / r.seq.steps.length).toFixed(3) : '-'}</td>
                <td>{r.seq.steps.length}</td>
                <td className="ended">
                  {r.seq.finished ? (
                    <span className="tokens">{visibleToken(r.seq.tokens[r.seq.tokens.length - 1] ?? '')}</span>
                  ) : r.seq.stopReason === 'contextEnd' ? (
                    t('compare.contextFull')
                  ) : (
                    t('compare.maxTokens')
                  )}
                </td>
                <td>{r.run.elapsedMs === null ? '-' : t('compare.ms', { value: r.run.elapsedMs.toFixed(1) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ChainRule seq={current.seq} join={joinFor(current.run.modelKind)} />
      <SpeculativeStats runs={runs} />
      <RunDiffPanel runs={runs} />
      <div className="charts">
        <StepChart
          caption={t('compare.stepLogProb')}
          xLabel={step}
          yLabel={t('compare.stepLogProbAxis')}
          series={series.logProb}
        />
        <StepChart
          caption={t('compare.entropy')}
          xLabel={step}
          yLabel={t('compare.entropyAxis')}
          series={series.entropy}
          note={t('compare.entropyNote')}
        />
        <StepChart
          caption={t('compare.cumulative')}
          xLabel={step}
          yLabel={t('compare.cumulativeAxis')}
          series={series.cumulative}
        />
        <figure aria-label={t('compare.final')} ref={finalBox}>
          <figcaption>{t('compare.final')}</figcaption>
          <BarChart width={finalWidth} height={280} data={finals} margin={{ top: 8, right: 16, bottom: 20, left: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={64} tick={{ fontSize: 11 }} />
            <YAxis
              width={64}
              domain={['auto', 0]}
              label={{
                value: t('compare.finalAxis'),
                angle: -90,
                position: 'insideLeft',
                offset: -4,
                style: { textAnchor: 'middle' },
              }}
            />
            <Tooltip formatter={(v: unknown) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Bar dataKey="logProb" name={t('compare.logProb')} isAnimationActive={false}>
              {finals.map((f) => (
                <Cell key={f.name} fill={f.colour} />
              ))}
              <LabelList
                dataKey="logProb"
                position="insideBottom"
                fill="#ffffff"
                fontSize={11}
                formatter={(v: unknown) => (typeof v === 'number' ? v.toFixed(2) : '')}
              />
            </Bar>
          </BarChart>
        </figure>
      </div>
    </section>
  )
}
