import type { RunDetail } from '../../../core/records'
import { runName } from '../app/run-names'
import { CodeName } from '../i18n/code-name'
import { useLocale } from '../i18n/i18n'
import { logLikelihoodHistogram, runRows, sequenceRows } from './metrics-rows'

const fmt = (v: number | null, digits = 3): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits))

/** Degeneration metrics of the open experiment's runs: per sequence, per run, and each run's log-likelihood histogram. */
export function MetricsView({ runs }: { runs: readonly RunDetail[] }) {
  const { t } = useLocale()
  const perRun = runRows(runs)
  if (perRun.length === 0) return null
  const perSeq = sequenceRows(runs)
  const names = new Map(runs.map((r) => [r.id, runName(r, t)]))
  return (
    <section className="metrics" aria-label={t('metrics.title')}>
      <h2>{t('metrics.title')}</h2>
      <table>
        <thead>
          <tr>
            <th>{t('metrics.run')}</th>
            <th>{t('metrics.sequences')}</th>
            <th title={t('metrics.repetitionHelp')}>{t('metrics.repetition')}</th>
            <th>
              <CodeName label={t('metrics.selfBleu')} code="Self-BLEU-4" />
            </th>
            <th>
              <CodeName label={t('metrics.zipf')} code="Zipf" />
            </th>
            <th title={t('metrics.searchGapHelp')}>{t('metrics.searchGap')}</th>
          </tr>
        </thead>
        <tbody>
          {perRun.map((r) => (
            <tr key={r.runId}>
              <td title={r.strategy}>
                #{r.runId} {names.get(r.runId)}
              </td>
              <td>{r.sequences}</td>
              <td>{fmt(r.repetitionPct, 1)}</td>
              <td>{fmt(r.selfBleu4)}</td>
              <td>{fmt(r.zipf)}</td>
              <td>{r.searchGap === null ? t('metrics.notTractable') : fmt(r.searchGap)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>{t('metrics.run')}</th>
            <th>{t('metrics.text')}</th>
            <th>{t('metrics.perplexity')}</th>
            <th>{t('metrics.meanEntropy')}</th>
            <th title={t('metrics.udHelp')}>{t('metrics.surprisalVariance')}</th>
            <th>
              <CodeName label={t('metrics.distinct')} code="distinct-1/2/3" />
            </th>
            <th>{t('metrics.length')}</th>
          </tr>
        </thead>
        <tbody>
          {perSeq.map((s) => (
            <tr key={`${s.runId}-${s.sequence}`}>
              <td>
                #{s.runId}.{s.sequence}
              </td>
              <td className="tokens">{s.text}</td>
              <td>{fmt(s.perplexity)}</td>
              <td>{fmt(s.meanEntropy)}</td>
              <td>{fmt(s.surprisalVariance)}</td>
              <td>
                {fmt(s.distinct1, 2)} / {fmt(s.distinct2, 2)} / {fmt(s.distinct3, 2)}
              </td>
              <td>{s.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs
        .filter((r) => r.sequences.length >= 2)
        .map((r) => (
          <Histogram
            key={r.id}
            label={`#${r.id} ${runName(r, t)}`}
            logProbs={r.sequences.map((s) => s.logProb)}
            axis={t('metrics.histogramAxis')}
          />
        ))}
    </section>
  )
}

function Histogram({ label, logProbs, axis }: { label: string; logProbs: number[]; axis: string }) {
  const bins = logLikelihoodHistogram(logProbs)
  const top = Math.max(1, ...bins.map((b) => b.count))
  const w = 24
  const h = 80
  return (
    <figure className="histogram">
      <svg width={bins.length * w + 2} height={h + 2} role="img" aria-label={`${label}: ${axis}`}>
        {bins.map((b, i) => (
          <rect
            key={i}
            x={1 + i * w}
            y={1 + h - (h * b.count) / top}
            width={w - 2}
            height={(h * b.count) / top}
            fill="var(--accent, #2563eb)"
          >
            <title>{`${b.from.toFixed(2)} … ${b.to.toFixed(2)}: ${b.count}`}</title>
          </rect>
        ))}
      </svg>
      <figcaption>
        {label}: {axis} ({bins[0]?.from.toFixed(2)} … {bins[bins.length - 1]?.to.toFixed(2)})
      </figcaption>
    </figure>
  )
}
